import { describe, expect, it } from 'vitest';
import { notesCommand, releaseNotes } from '../support/notes';
import { contractProblems } from '../support/pages';
import { KIND } from '../support/settings';
import { run, runInBackground } from '../support/shell';
import { figures } from '../support/steps';

/** Runs a port-forward command, fetches the homepage through it, stops it; returns the page. */
export async function homepageThrough(command: string): Promise<string> {
  const forward = runInBackground(command);
  try {
    const [, local] = await forward.waitFor(/Forwarding from 127\.0\.0\.1:(\d+)/, 60_000);
    const response = await fetch(`http://127.0.0.1:${local}/`, { signal: AbortSignal.timeout(10_000) });
    expect(response.status).toBe(200);
    return await response.text();
  } finally {
    await forward.stop(10_000);
  }
}

/** Step 3: `make port-forward`, which is the command NOTES.txt prints, serves the homepage contract. */
export function portForward(): void {
  describe('3. make port-forward (the command NOTES.txt prints)', () => {
    it("is NOTES.txt's port-forward command, pinned to the kind context", async () => {
      const printed = notesCommand(await releaseNotes(KIND.namespace), / port-forward /);
      const recipe = (await run('make -n port-forward', { timeoutMs: 30_000 })).output.trim();
      expect(recipe).toBe(printed.replace(/^kubectl /, `kubectl --context ${KIND.context} `));
    });

    it('serves the homepage contract on http://localhost:8080 (title, heading, exactly 3 <li>)', async () => {
      const started = performance.now();
      const page = await homepageThrough('make port-forward');
      expect(contractProblems(page)).toBe('');
      figures(
        `port-forward: homepage served in ${Math.round(performance.now() - started)} ms including the forward's start`,
      );
    });

    it("NOTES.txt's command, run exactly as printed, serves it too", async () => {
      const printed = notesCommand(await releaseNotes(KIND.namespace), / port-forward /);
      expect(contractProblems(await homepageThrough(printed))).toBe('');
    });
  });
}

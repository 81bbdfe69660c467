import { describe, expect, it } from 'vitest';
import { run } from '../support/shell';
import { figures } from '../support/steps';

/** The counts line vitest prints at the end of the suite, e.g. "Tests  9 passed (9)". */
export function vitestCounts(output: string): string {
  return output.match(/Tests\s+(\d+ passed[^\n]*)/)?.[1]?.trim() ?? '';
}

/** Step 4: `helm test bookstore --namespace default --logs` (as NOTES.txt prints it) exits 0 and prints the suite's results. */
export function helmTest(): void {
  describe('4. helm test bookstore --namespace default --logs', () => {
    it('exits 0, with the test pod Succeeded and its vitest results in the output', async () => {
      const result = await run('helm test bookstore --namespace default --logs', { timeoutMs: 420_000 });
      expect(result.output).toMatch(/Phase:\s+Succeeded/);
      expect(result.output).not.toMatch(/unable to get pod logs/);
      expect(vitestCounts(result.output)).not.toBe('');
      expect(result.output).not.toMatch(/\d+ failed/);
      figures(`helm test: ${vitestCounts(result.output)} in ${(result.ms / 1000).toFixed(0)} s`);
    });
  });
}

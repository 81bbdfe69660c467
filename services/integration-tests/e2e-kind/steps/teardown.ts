import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually, kubectl } from '../support/kube';
import { notesCommand, releaseNotes } from '../support/notes';
import { KIND } from '../support/settings';
import { run } from '../support/shell';
import { figures } from '../support/steps';

/** Namespaces every kind cluster starts with. */
const KIND_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage'];

/** The uninstall commands NOTES.txt prints for a release: helm uninstall, then the test pod's removal. */
export function uninstallCommands(notes: string): string[] {
  return [notesCommand(notes, /^helm uninstall /), notesCommand(notes, /^kubectl .* delete pod /)];
}

/** Step 12: helm uninstall (as NOTES.txt says) and make kind-down leave nothing behind. */
export function teardown(): void {
  describe('12. helm uninstall and make kind-down', () => {
    it("NOTES.txt's uninstall commands leave no object of the release, and no namespace of the run", async () => {
      // skaffold dev removed its release: install one as a user would, then remove it as NOTES.txt says.
      await run('make deploy-kind', { timeoutMs: 900_000 });
      const commands = uninstallCommands(await releaseNotes(KIND.namespace));
      for (const command of commands) await run(command, { timeoutMs: 180_000 });
      const kinds = 'all,serviceaccounts,configmaps,networkpolicies,poddisruptionbudgets';
      const selector = `app.kubernetes.io/instance=${KIND.release}`;
      const started = Date.now();
      // Pods drain (preStop sleep, then the grace period) before they are gone.
      await eventually('no object of the release left', 120_000, async () => {
        const left = await kubectl(['get', kinds, '--namespace', KIND.namespace, '--selector', selector, '-o', 'name']);
        return left.trim() === '' ? true : undefined;
      });
      figures(
        `uninstall: every object of the release gone ${((Date.now() - started) / 1000).toFixed(0)} s after the NOTES.txt commands`,
      );
      const namespaces = (await kubectl(['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']))
        .split(/\s+/)
        .filter(Boolean);
      expect(namespaces.sort()).toEqual(KIND_NAMESPACES);
    });

    it('make kind-down deletes the cluster and every container of it', async () => {
      const result = await run('make kind-down', { timeoutMs: 300_000 });
      const containers = execFileSync(
        'docker',
        ['ps', '-aq', '--filter', `label=io.x-k8s.kind.cluster=${KIND.cluster}`],
        { encoding: 'utf8' },
      ).trim();
      expect(containers).toBe('');
      const clusters = execFileSync(process.env.KIND || 'kind', ['get', 'clusters'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      expect(clusters.split('\n')).not.toContain(KIND.cluster);
      figures(`kind-down: cluster and its containers gone in ${(result.ms / 1000).toFixed(0)} s`);
    });
  });
}

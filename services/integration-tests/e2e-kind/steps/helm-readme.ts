import { afterAll, describe, expect, it } from 'vitest';
import { eventually, getThroughService, kubectl, selectorOf, waitForPods } from '../support/kube';
import { notesCommand, releaseNotes } from '../support/notes';
import { contractProblems } from '../support/pages';
import { run } from '../support/shell';
import { figures } from '../support/steps';
import { vitestCounts } from './helm-test';
import { homepageThrough } from './port-forward';
import { uninstallCommands } from './teardown';

/** The namespace helm/README.md installs into. */
const NAMESPACE = 'shop';

/** Step 10b: helm/README.md's install commands for real: one umbrella release, then two separate releases. */
export function helmReadme(): void {
  describe("10b. helm/README.md's installs, in namespace shop", () => {
    afterAll(() =>
      kubectl(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--timeout=180s'], 200_000).catch(
        () => undefined,
      ),
    );

    it('one release: installs, passes its helm test, and serves the homepage through its port-forward', async () => {
      await run('helm upgrade --install bookstore helm/bookstore --namespace shop --create-namespace', {
        timeoutMs: 300_000,
      });
      await waitForPods(NAMESPACE, selectorOf('marketplace'), 1, 240_000);
      await waitForPods(NAMESPACE, selectorOf('recommendations'), 1, 240_000);
      const notes = await releaseNotes(NAMESPACE);
      const test = await run(notesCommand(notes, /^helm test /), { timeoutMs: 420_000 });
      expect(test.output).toMatch(/Phase:\s+Succeeded/);
      expect(contractProblems(await homepageThrough(notesCommand(notes, / port-forward /)))).toBe('');
      for (const command of uninstallCommands(notes)) await run(command, { timeoutMs: 180_000 });
      figures(`helm/README one release in ${NAMESPACE}: helm test ${vitestCounts(test.output)}`);
    });

    it('two releases: marketplace, told the recommendations release, serves full pages from it', async () => {
      await run('helm upgrade --install recommendations helm/recommendations --namespace shop', { timeoutMs: 300_000 });
      await run(
        'helm upgrade --install marketplace helm/marketplace --namespace shop --set recommendations.releaseName=recommendations',
        { timeoutMs: 300_000 },
      );
      await waitForPods(NAMESPACE, selectorOf('recommendations', 'recommendations'), 1, 240_000);
      await waitForPods(NAMESPACE, selectorOf('marketplace', 'marketplace'), 1, 240_000);
      const page = await eventually('a full page from the two releases', 60_000, async () => {
        const html = await getThroughService(NAMESPACE, 'marketplace', 'http', '/');
        return contractProblems(html) === '' ? html : undefined;
      });
      expect(contractProblems(page)).toBe('');
    });
  });
}

import { afterAll, describe, expect, it } from 'vitest';
import { eventually, kubectl, releaseImage, selectorOf, waitForPods } from '../support/kube';
import { notesCommand, releaseNotes } from '../support/notes';
import { contractProblems } from '../support/pages';
import { KIND } from '../support/settings';
import { run } from '../support/shell';
import { figures } from '../support/steps';
import { vitestCounts } from './helm-test';
import { homepageThrough } from './port-forward';
import { uninstallCommands } from './teardown';

/** The registry the README's staging command names; kind gets the images under it, so nothing is pulled. */
const REGISTRY = 'registry.example.com/team';
const TAG = 'e2e-kind';
const kindBin = process.env.KIND || 'kind';

/** Gives the images the release runs the names `make deploy-staging REGISTRY=... IMAGE_TAG=...` asks for, inside kind. */
async function loadAsStagingImages(): Promise<void> {
  const keys = {
    recommendations: 'recommendations',
    marketplace: 'marketplace',
    integrationTests: 'integration-tests',
  } as const;
  const names: string[] = [];
  for (const [key, image] of Object.entries(keys)) {
    const name = `${REGISTRY}/bookstore_${image}:${TAG}`;
    await run(`docker tag ${await releaseImage(key as keyof typeof keys)} ${name}`, { timeoutMs: 30_000 });
    names.push(name);
  }
  await run(`${kindBin} load docker-image --name ${KIND.cluster} ${names.join(' ')}`, { timeoutMs: 300_000 });
}

/** Step 9: the staging values in their own namespace, installed --atomic --wait, then helm test green. */
export function staging(): void {
  describe('9. staging values in namespace staging', () => {
    // Whatever happened, the namespace goes (the last test removes the release as NOTES.txt says).
    afterAll(() =>
      kubectl(['delete', 'namespace', KIND.stagingNamespace, '--ignore-not-found', '--timeout=180s'], 200_000).catch(
        () => undefined,
      ),
    );

    it('installs with make deploy-staging (--atomic --wait), every pod Ready', async () => {
      await loadAsStagingImages();
      const result = await run(`make deploy-staging REGISTRY=${REGISTRY} IMAGE_TAG=${TAG}`, { timeoutMs: 720_000 });
      const recs = await waitForPods(KIND.stagingNamespace, selectorOf('recommendations'), 2, 180_000);
      const mkt = await waitForPods(KIND.stagingNamespace, selectorOf('marketplace'), 2, 180_000);
      expect(recs[0]?.spec.containers[0]?.image).toBe(`${REGISTRY}/bookstore_recommendations:${TAG}`);
      figures(
        `staging: installed in ${(result.ms / 1000).toFixed(0)} s; ${recs.length} recommendations and ${mkt.length} marketplace pods Ready`,
      );
    });

    it("passes NOTES.txt's helm test --logs, and its port-forward serves the homepage", async () => {
      const notes = await releaseNotes(KIND.stagingNamespace);
      const result = await run(notesCommand(notes, /^helm test /), { timeoutMs: 420_000 });
      expect(result.output).toMatch(/Phase:\s+Succeeded/);
      expect(contractProblems(await homepageThrough(notesCommand(notes, / port-forward /)))).toBe('');
      figures(`staging helm test: ${vitestCounts(result.output)}`);
    });

    it("NOTES.txt's uninstall commands remove the release", async () => {
      for (const command of uninstallCommands(await releaseNotes(KIND.stagingNamespace)))
        await run(command, { timeoutMs: 180_000 });
      await eventually('no pod left in staging', 180_000, async () => {
        const left = await kubectl(['get', 'pods', '--namespace', KIND.stagingNamespace, '-o', 'name']);
        return left.trim() === '' ? true : undefined;
      });
    });
  });
}

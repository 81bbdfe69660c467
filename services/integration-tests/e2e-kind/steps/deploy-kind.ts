import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, getThroughService, pods, releaseImage, selectorOf, waitForPods } from '../support/kube';
import { KIND, REPO_ROOT } from '../support/settings';
import { run } from '../support/shell';
import { figures, requiredByLaterSteps } from '../support/steps';

/** The file the rebuild changes: a template every page renders, so the change is visible from outside. */
const CHANGED_FILE = 'services/marketplace/views/layout.njk';

/** The images the release's pods run now, by service. */
async function runningImages(): Promise<Record<'recommendations' | 'marketplace', string[]>> {
  const images = async (service: 'recommendations' | 'marketplace') => [
    ...new Set((await pods(KIND.namespace, selectorOf(service))).map((p) => p.spec.containers[0]?.image ?? '')),
  ];
  return { recommendations: await images('recommendations'), marketplace: await images('marketplace') };
}

/** The homepage, through the marketplace Service. */
const homepage = () => getThroughService(KIND.namespace, `${KIND.release}-marketplace`, 'http', '/');

/** A copy of the working tree (what git tracks or would track), so a test can change a file without touching it. */
function copyOfTree(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'e2e-kind-tree-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) cpSync(path.join(REPO_ROOT, file), path.join(dir, file), { recursive: true });
  return dir;
}

/** Step 2: `make deploy-kind`, all pods Ready; a changed build redeployed with the same command is what runs. */
export function deployKind(): void {
  describe('2. make deploy-kind', () => {
    const scratch: string[] = [];
    afterAll(() => {
      for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
    });

    it('installs the release; every pod goes Ready', async () => {
      requiredByLaterSteps('make deploy-kind');
      const result = await run('make deploy-kind', { timeoutMs: 900_000 });
      const recs = await waitForPods(KIND.namespace, selectorOf('recommendations'), 1, 120_000);
      const mkt = await waitForPods(KIND.namespace, selectorOf('marketplace'), 1, 120_000);
      expect(recs[0]?.spec.containers[0]?.image).toBe(await releaseImage('recommendations'));
      expect(mkt[0]?.spec.containers[0]?.image).toBe(await releaseImage('marketplace'));
      figures(
        `deploy-kind: built, loaded and deployed in ${(result.ms / 1000).toFixed(0)} s; images ${JSON.stringify(await runningImages())}`,
      );
    });

    it('after a code change, the same command rolls out the new build, and the old one comes back after it', async () => {
      const before = await runningImages();
      const marker = `<!-- e2e-kind rebuild ${process.pid}-${Date.now()} -->`;
      expect(await homepage()).not.toContain(marker);

      // The change is made in a copy of the tree: the repository is never modified, even if the run dies.
      const tree = copyOfTree();
      scratch.push(tree);
      writeFileSync(path.join(tree, CHANGED_FILE), `${readFileSync(path.join(tree, CHANGED_FILE), 'utf8')}${marker}\n`);
      // Same target, from the copy; BIN points at this checkout's pinned tools so nothing is reinstalled.
      await run(`make deploy-kind BIN=${path.join(REPO_ROOT, 'bin')}`, { cwd: tree, timeoutMs: 900_000 });
      await waitForPods(KIND.namespace, selectorOf('marketplace'), 1, 120_000);

      const changed = await runningImages();
      expect(changed.marketplace).toHaveLength(1);
      expect(changed.marketplace).not.toEqual(before.marketplace);
      // Unchanged sources give the same content tag: recommendations was not restarted.
      expect(changed.recommendations).toEqual(before.recommendations);
      await eventually('the new build serving the homepage', 120_000, async () =>
        (await homepage()).includes(marker) ? true : undefined,
      );

      await run('make deploy-kind', { timeoutMs: 900_000 });
      await waitForPods(KIND.namespace, selectorOf('marketplace'), 1, 120_000);
      expect(await runningImages()).toEqual(before);
      await eventually('the original build serving again', 120_000, async () =>
        (await homepage()).includes(marker) ? undefined : true,
      );
      figures(
        `deploy-kind rebuild: marketplace ${before.marketplace[0]} -> ${changed.marketplace[0]} -> back; recommendations kept ${before.recommendations[0]}`,
      );
    });
  });
}

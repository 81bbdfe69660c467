import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleValue } from '@bookstore/testing';
import { getThroughService, kubectl, pods, scrapePod, selectorOf, waitForPods } from '../support/kube';
import type { Pod } from '../support/kube';
import { contractProblems } from '../support/pages';
import { KIND, REPO_ROOT } from '../support/settings';
import { run } from '../support/shell';
import { figures } from '../support/steps';

const NAMESPACE = 'bookstore-rendered';

/** Recommend calls a recommendations pod has answered. */
async function calls(pod: Pod): Promise<number> {
  return (
    sampleValue(await scrapePod(pod, 9464), 'grpc_server_handled_total', {
      grpc_method: 'Recommend',
      grpc_code: 'OK',
    }) ?? 0
  );
}

/** The charts' appVersion: the tag the plain manifests give the images, and kind-load gives the builds. */
function appVersion(): string {
  const chart = readFileSync(path.join(REPO_ROOT, 'helm/bookstore/Chart.yaml'), 'utf8');
  return chart.match(/^appVersion:\s*"?([^"\s]+)"?/m)?.[1] ?? '';
}

/** The images k8s/rendered/bookstore.yaml names (the charts' appVersion tags). */
function renderedImages(): string[] {
  const text = readFileSync(path.join(REPO_ROOT, 'k8s/rendered/bookstore.yaml'), 'utf8');
  return [...new Set([...text.matchAll(/image: "?([^"\s]+)"?/g)].map((m) => m[1] ?? ''))];
}

/** Step 10: k8s/rendered/bookstore.yaml applied in a namespace of its own serves from that namespace. */
export function rendered(): void {
  describe('10. k8s/rendered/bookstore.yaml in a namespace of its own', () => {
    afterAll(() =>
      kubectl(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--timeout=180s'], 200_000).catch(
        () => undefined,
      ),
    );

    it("serves pages from that namespace's recommendations, not from the release in default", async () => {
      // The manifest names the appVersion tags, which make deploy-kind (kind-load) gave the images it built.
      expect(renderedImages().every((image) => image.endsWith(`:${appVersion()}`))).toBe(true);
      await kubectl(['create', 'namespace', NAMESPACE]);
      await run(`kubectl apply --namespace ${NAMESPACE} -f k8s/rendered/bookstore.yaml`, { timeoutMs: 60_000 });
      const [recs] = await waitForPods(NAMESPACE, selectorOf('recommendations'), 1, 240_000);
      const [mkt] = await waitForPods(NAMESPACE, selectorOf('marketplace'), 1, 240_000);
      const host = await kubectl([
        'exec',
        '--namespace',
        NAMESPACE,
        mkt!.metadata.name,
        '--',
        'node',
        '-e',
        'console.log(process.env.RECOMMENDATIONS_HOST)',
      ]);
      expect(host.trim()).toBe(`${KIND.release}-recommendations.${NAMESPACE}.svc.cluster.local`);

      const [defaultRecs] = await pods(KIND.namespace, selectorOf('recommendations'));
      const before = { here: await calls(recs!), default: await calls(defaultRecs!) };
      for (let i = 0; i < 5; i += 1) {
        expect(contractProblems(await getThroughService(NAMESPACE, `${KIND.release}-marketplace`, 'http', '/'))).toBe(
          '',
        );
      }
      const after = { here: await calls(recs!), default: await calls(defaultRecs!) };
      expect(after.here - before.here).toBeGreaterThanOrEqual(5);
      expect(after.default).toBe(before.default);
      figures(
        `rendered manifest in ${NAMESPACE}: RECOMMENDATIONS_HOST=${host.trim()}; 5 pages -> ${after.here - before.here} calls there, ${after.default - before.default} in ${KIND.namespace}`,
      );
    });
  });
}

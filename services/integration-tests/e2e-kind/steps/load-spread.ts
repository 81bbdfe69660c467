import { afterAll, describe, expect, it } from 'vitest';
import { sampleValue } from '@bookstore/testing';
import { pods, releaseImage, scrapePod, selectorOf } from '../support/kube';
import type { Pod } from '../support/kube';
import { formatFigures, startLoadPod } from '../support/load-pod';
import type { LoadPod } from '../support/load-pod';
import { KIND, readSettings } from '../support/settings';
import { figures } from '../support/steps';
import { scale } from './rolling-restart';

const settings = readSettings();
/** recommendations' metrics port (chart default, docs/CONTRACT.md). */
const METRICS_PORT = 9464;
/** The window the shares are computed over: long enough for a couple of hundred calls, short enough to say when. */
const WINDOW_MS = 5000;
/**
 * How long after the new pods are ready the spread may take: one max connection age (grpc-js adds up to
 * 10 % jitter), plus the cluster DNS's answer TTL (kubeadm's CoreDNS caches for 30 s): a connection recycled
 * just before the new addresses are published re-resolves to the old answer once more.
 */
const BOUND_MS = settings.maxConnectionAgeMs * 1.1 + 30_000 + WINDOW_MS;

/** Recommend calls each pod has answered so far, read from its own metrics. */
async function callsPerPod(replicas: readonly Pod[]): Promise<number[]> {
  return Promise.all(
    replicas.map(
      async (pod) =>
        sampleValue(await scrapePod(pod, METRICS_PORT), 'grpc_server_handled_total', {
          grpc_method: 'Recommend',
          grpc_code: 'OK',
        }) ?? 0,
    ),
  );
}

/** Step 7: recommendations scaled from 1 to 3; within the max connection age every replica serves >= 20 %. */
export function loadSpread(): void {
  describe('7. recommendations scaled from 1 to 3', () => {
    let load: LoadPod | undefined;
    afterAll(async () => {
      await load?.remove();
      await scale('recommendations', 1);
    });

    it('spreads the calls: every replica serves at least 20 % of them within the bound', async () => {
      await scale('recommendations', 1);
      load = await startLoadPod(await releaseImage('integrationTests'), {
        concurrency: 2,
        pauseMs: 20,
        maxSeconds: Math.ceil(BOUND_MS / 1000) + 90,
        maxRequests: 200_000,
      });
      await scale('recommendations', 3);
      const readyAt = Date.now();
      const replicas = await pods(KIND.namespace, selectorOf('recommendations'));
      const timeline: string[] = [];
      let spreadAfterMs: number | undefined;
      let previous = await callsPerPod(replicas);
      while (spreadAfterMs === undefined && Date.now() - readyAt < BOUND_MS) {
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
        const now = await callsPerPod(replicas);
        const delta = now.map((n, i) => n - (previous[i] ?? 0));
        previous = now;
        const total = delta.reduce((a, b) => a + b, 0);
        const shares = delta.map((d) => (total > 0 ? d / total : 0));
        const elapsed = Date.now() - readyAt;
        timeline.push(
          `${(elapsed / 1000).toFixed(0)}s: ${delta.join('/')} (${shares.map((s) => `${Math.round(s * 100)}%`).join('/')})`,
        );
        if (total >= 30 && shares.every((s) => s >= 0.2)) spreadAfterMs = elapsed;
      }
      const result = await load.stop();
      console.log(formatFigures('load during the scale-out', result));
      figures(
        `load spread over 3 replicas, calls per ${WINDOW_MS / 1000} s window after ready: ${timeline.join('; ')}`,
      );
      expect(
        spreadAfterMs,
        `no window with >= 20 % on every replica within ${BOUND_MS} ms: ${timeline.join('; ')}`,
      ).toBeDefined();
      figures(
        `load spread: every replica >= 20 % within ${((spreadAfterMs ?? 0) / 1000).toFixed(0)} s of the scale-out (max connection age ${settings.maxConnectionAgeMs / 1000} s)`,
      );
      expect(result.failed).toBe(0);
    });
  });
}

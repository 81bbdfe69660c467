import { afterAll, describe, expect, it } from 'vitest';
import { kubectl, releaseImage, selectorOf, waitForPods } from '../support/kube';
import { formatFigures, startLoadPod } from '../support/load-pod';
import type { LoadPod } from '../support/load-pod';
import { KIND } from '../support/settings';

const SERVICES = ['recommendations', 'marketplace'] as const;

/** Scales a service's Deployment and waits until exactly that many pods serve. */
export async function scale(service: 'recommendations' | 'marketplace', replicas: number): Promise<void> {
  await kubectl([
    'scale',
    'deployment',
    `${KIND.release}-${service}`,
    '--namespace',
    KIND.namespace,
    `--replicas=${replicas}`,
  ]);
  await waitForPods(KIND.namespace, selectorOf(service), replicas, 240_000);
}

/** Step 6: with 2 replicas of each, a rollout restart of each Deployment under load fails and degrades nothing. */
export function rollingRestart(): void {
  describe('6. kubectl rollout restart under load, 2 replicas each', () => {
    let load: LoadPod | undefined;
    afterAll(async () => {
      await load?.remove();
      for (const service of SERVICES) await scale(service, 1);
    });

    it('answers every request with a full page: 0 failed, 0 degraded', async () => {
      for (const service of SERVICES) await scale(service, 2);
      load = await startLoadPod(await releaseImage('integrationTests'), {
        concurrency: 4,
        pauseMs: 20,
        maxSeconds: 420,
        maxRequests: 100_000,
      });
      const events: string[] = [];
      for (const service of SERVICES) {
        const deployment = `deployment/${KIND.release}-${service}`;
        events.push(`${service} restart at ${Date.now()}`);
        await kubectl(['rollout', 'restart', deployment, '--namespace', KIND.namespace]);
        await kubectl(['rollout', 'status', deployment, '--namespace', KIND.namespace, '--timeout=240s'], 260_000);
        // rollout status returns when the new pods are ready; the old ones are still draining.
        await waitForPods(KIND.namespace, selectorOf(service), 2, 120_000);
      }
      const result = await load.stop();
      console.log(formatFigures('rolling restart of both Deployments', result));
      if (result.failed > 0)
        console.log(`[e2e-kind] failures ${JSON.stringify(result.failedAt)}; ${events.join(', ')}`);
      expect(result.sent).toBeGreaterThan(100);
      expect(result.failures).toEqual({});
      expect(result.failed).toBe(0);
      expect(result.degraded).toBe(0);
    });
  });
}

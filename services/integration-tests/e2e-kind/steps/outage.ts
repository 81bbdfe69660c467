import { afterAll, describe, expect, it } from 'vitest';
import { eventually, getThroughService, pods, releaseImage, selectorOf } from '../support/kube';
import { formatFigures, startLoadPod } from '../support/load-pod';
import { contractProblems } from '../support/pages';
import { KIND, readSettings } from '../support/settings';
import { figures } from '../support/steps';
import { scale } from './rolling-restart';

const settings = readSettings();

/** marketplace's pods, by name, with their restart counts: unchanged means it was not restarted. */
async function marketplacePods(): Promise<Record<string, number>> {
  const found = await pods(KIND.namespace, selectorOf('marketplace'));
  return Object.fromEntries(found.map((p) => [p.metadata.name, p.status.containerStatuses?.[0]?.restartCount ?? 0]));
}

/** Step 8: recommendations scaled to 0 degrades every page in time; scaled back, full pages return. */
export function outage(): void {
  describe('8. recommendations scaled to 0, then back', () => {
    afterAll(() => scale('recommendations', 1));

    it('answers every page 200 with the unavailable notice within the deadline plus margin, then recovers', async () => {
      const before = await marketplacePods();
      await scale('recommendations', 0);
      const load = await startLoadPod(await releaseImage('integrationTests'), {
        concurrency: 2,
        pauseMs: 50,
        maxSeconds: 30,
        maxRequests: 300,
      });
      const result = await load.finished().finally(() => load.remove());
      console.log(formatFigures('recommendations at 0 replicas', result));
      expect(result.sent).toBeGreaterThan(50);
      expect(result.ok).toBe(result.sent);
      expect(result.notices).toBe(result.sent);
      expect(result.worstMs).toBeLessThanOrEqual(settings.deadlineMs + settings.marginMs);

      await scale('recommendations', 1);
      const scaledAt = Date.now();
      const page = (path: string) => getThroughService(KIND.namespace, `${KIND.release}-marketplace`, 'http', path);
      await eventually(
        'a full homepage again',
        120_000,
        async () => (contractProblems(await page('/')) === '' ? true : undefined),
        500,
      );
      figures(
        `outage: full pages again ${((Date.now() - scaledAt) / 1000).toFixed(1)} s after recommendations was ready`,
      );
      expect(await marketplacePods()).toEqual(before);
    });
  });
}

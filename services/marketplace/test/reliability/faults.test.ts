import { describe, expect, it, onTestFinished } from 'vitest';
import { sampleAfterGc, settleToBaseline } from '@bookstore/testing';
import type { BaselineBounds } from '@bookstore/testing';
import { flappingRecommendations, hungRecommendations, replacedRecommendations, slowRecommendations } from './faults';
import type { Fault } from './faults';
import {
  DEADLINE_MS,
  LATENCY_MARGIN_MS,
  describeStats,
  homepageLoad,
  printFigures,
  settledStats,
  startMarketplaceFor,
  timeToRecover,
} from './harness';

/**
 * "Back to baseline" after a fault, both samples taken after a full GC: exactly as many handles and file
 * descriptors as before, at most 1 MiB more live heap, and at most 32 MiB more resident memory (V8 and
 * the allocator keep pages they grew into under load; the live heap is what would show a leak).
 */
const BOUNDS: BaselineBounds = { heapUsedBytes: 1024 * 1024, rssBytes: 32 * 1024 * 1024, activeHandles: 0, openFds: 0 };

const FAULTS: [string, () => Promise<Fault>][] = [
  ['slow beyond the deadline', slowRecommendations],
  ['hung (SIGSTOP: connected, never answers)', hungRecommendations],
  ['down (SIGKILL mid-load)', replacedRecommendations('SIGKILL')],
  ['refusing connections (exited, port closed)', replacedRecommendations('SIGTERM')],
  ['flapping up and down every second', flappingRecommendations],
];

describe('marketplace under steady homepage load while recommendations fails', () => {
  it.each(FAULTS)(
    '%s: answers every request 200 within the deadline, recovers, and returns to its memory and handle baseline',
    async (name, makeFault) => {
      const fault = await makeFault();
      onTestFinished(() => fault.dispose());
      const marketplace = await startMarketplaceFor(fault.port);
      const { service, ports } = marketplace;

      expect(
        await timeToRecover(ports),
        'marketplace never showed books from the healthy recommendations',
      ).toBeGreaterThanOrEqual(0);
      const warmUp = await homepageLoad(ports, { durationMs: 700 });
      expect(warmUp.failed, `warm-up requests without a 200: ${JSON.stringify(warmUp.failures)}`).toBe(0);
      // One short round of the fault before the baseline: what the error path allocates once (compiled
      // code, new metric labels) is then in the baseline, and growth after the real round means a leak.
      await fault.break();
      await homepageLoad(ports, { durationMs: 700 });
      await fault.heal();
      await timeToRecover(ports);
      const baseline = await settledStats(marketplace);

      await fault.break();
      const load = await homepageLoad(ports, { durationMs: 3000 });
      await fault.heal();
      const recoveryMs = await timeToRecover(ports);
      const { stats, excess } = await settleToBaseline(
        () => sampleAfterGc(service.child, ports.metrics),
        baseline,
        BOUNDS,
      );
      printFigures(`fault "${name}"`, load, { recoveryMs, ...describeStats(baseline, stats) });

      expect(load.failed, `requests without a 200: ${JSON.stringify(load.failures)}`).toBe(0);
      expect(load.degraded, 'no page was degraded, so the fault was never felt').toBeGreaterThan(0);
      expect(
        load.worstMs,
        `the slowest page vs the ${DEADLINE_MS} ms deadline + ${LATENCY_MARGIN_MS} ms`,
      ).toBeLessThanOrEqual(DEADLINE_MS + LATENCY_MARGIN_MS);
      expect(recoveryMs, 'pages never showed books again after the fault healed').toBeGreaterThanOrEqual(0);
      expect(excess, 'memory or handles stayed above the baseline').toEqual([]);
    },
    30_000,
  );
});

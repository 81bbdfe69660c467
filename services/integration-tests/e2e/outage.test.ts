import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { docker } from './support/docker';
import { summarise } from '@bookstore/testing';
import { describeFailures, printFigures } from './support/figures';
import { loadHomepage } from './support/load';
import { marketplaceLife, waitForFullPage } from './support/recovery';
import { ensureHealthy } from './support/replicas';

const info = cluster();
// Rendering and the host's published-port proxy on top of the Recommend deadline.
const MARGIN_MS = 200;
const RECOVERY_LIMIT_MS = 20_000;

describe('marketplace while every recommendations replica is down', () => {
  let lifeBefore = '';
  beforeAll(async () => {
    await ensureHealthy(info);
    lifeBefore = await marketplaceLife(info);
  });
  afterAll(() => docker(['start', ...info.replicas]));

  it(`serves degraded pages (200 + notice) within the deadline + ${MARGIN_MS} ms`, async () => {
    await docker(['stop', '--time', String(Math.ceil(info.graceMs / 1000) + 10), ...info.replicas], 60_000);
    const figures = await loadHomepage(info.marketplaceUrl, { concurrency: 2, maxRequests: 40 });
    printFigures(figures, `deadline ${info.deadlineMs} ms`);

    expect(figures.failed, `pages failed instead of degrading: ${describeFailures(figures)}`).toBe(0);
    expect(figures.degraded, `only ${figures.degraded} of ${figures.sent} pages showed the notice`).toBe(figures.sent);
    expect(figures.worstMs, `the slowest degraded page took ${Math.round(figures.worstMs)} ms`).toBeLessThanOrEqual(
      info.deadlineMs + MARGIN_MS,
    );
  });

  it(`serves full pages again within ${RECOVERY_LIMIT_MS / 1000} s of the replicas starting, without a marketplace restart`, async () => {
    // Timed from the start command, and polled while it runs: the replicas' boot counts, as a pod's would.
    const started = performance.now();
    const starting = docker(['start', ...info.replicas]);
    const { pages, recoveredMs } = await waitForFullPage(info, started, RECOVERY_LIMIT_MS);
    await starting;
    const figures = summarise(pages);
    printFigures(figures, `full pages again ${recoveredMs ?? 'never'} ms after docker start began`);

    expect(recoveredMs, `no full homepage within ${RECOVERY_LIMIT_MS} ms of the replicas starting`).toBeDefined();
    expect(figures.failed, `pages failed while recovering: ${describeFailures(figures)}`).toBe(0);
    expect(await marketplaceLife(info), 'marketplace was restarted; it must recover on its own').toBe(lifeBefore);
  });
});

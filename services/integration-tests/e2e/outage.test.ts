import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { docker } from './support/docker';
import { summarise } from '@bookstore/testing';
import { describeFailures, printFigures } from './support/figures';
import { loadHomepage } from './support/load';
import { getPage, isFullPage } from './support/pages';
import type { PageResult } from './support/pages';
import { ensureHealthy } from './support/replicas';

const info = cluster();
// Rendering and the host's published-port proxy on top of the Recommend deadline.
const MARGIN_MS = 200;
const RECOVERY_LIMIT_MS = 20_000;

/** marketplace's start time and restart count: unchanged means it was never restarted. */
const marketplaceLife = () => docker(['inspect', '--format', '{{.State.StartedAt}} restarts={{.RestartCount}}', info.marketplace]);

describe('marketplace while every recommendations replica is down', () => {
  let lifeBefore = '';
  beforeAll(async () => {
    await ensureHealthy(info);
    lifeBefore = await marketplaceLife();
  });
  afterAll(() => docker(['start', ...info.replicas]));

  it(`serves degraded pages (200 + notice) within the deadline + ${MARGIN_MS} ms`, async () => {
    await docker(['stop', '--time', String(Math.ceil(info.graceMs / 1000) + 10), ...info.replicas], 60_000);
    const figures = await loadHomepage(info.marketplaceUrl, { concurrency: 2, maxRequests: 40 });
    printFigures(figures, `deadline ${info.deadlineMs} ms`);

    expect(figures.failed, `pages failed instead of degrading: ${describeFailures(figures)}`).toBe(0);
    expect(figures.degraded, `only ${figures.degraded} of ${figures.sent} pages showed the notice`).toBe(figures.sent);
    expect(figures.worstMs, `the slowest degraded page took ${Math.round(figures.worstMs)} ms`).toBeLessThanOrEqual(info.deadlineMs + MARGIN_MS);
  });

  it(`serves full pages again within ${RECOVERY_LIMIT_MS / 1000} s of the replicas starting, without a marketplace restart`, async () => {
    // Timed from the start command, and polled while it runs: the replicas' boot counts, as a pod's would.
    const started = performance.now();
    const starting = docker(['start', ...info.replicas]);
    const pages: PageResult[] = [];
    let recoveredMs: number | undefined;
    while (recoveredMs === undefined && performance.now() - started < RECOVERY_LIMIT_MS) {
      const page = await getPage(`${info.marketplaceUrl}/`);
      pages.push(page);
      if (isFullPage(page)) recoveredMs = Math.round(performance.now() - started);
      else await sleep(100);
    }
    await starting;
    const figures = summarise(pages);
    printFigures(figures, `full pages again ${recoveredMs ?? 'never'} ms after docker start began`);

    expect(recoveredMs, `no full homepage within ${RECOVERY_LIMIT_MS} ms of the replicas starting`).toBeDefined();
    expect(figures.failed, `pages failed while recovering: ${describeFailures(figures)}`).toBe(0);
    expect(await marketplaceLife(), 'marketplace was restarted; it must recover on its own').toBe(lifeBefore);
  });
});

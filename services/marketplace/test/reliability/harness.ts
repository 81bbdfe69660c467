import { setTimeout as sleep } from 'node:timers/promises';
import { GC_ON_SIGNAL_ARGS, formatSummary, mib, runLoad, sampleAfterGc } from '@bookstore/testing';
import type { Listening, LoadOptions, LoadSummary, MarketplacePorts, ProcessStats } from '@bookstore/testing';
import { spawnMarketplace } from '@bookstore/testing/fixtures';

/** The deadline every fault test runs marketplace with: the contract's default. */
export const DEADLINE_MS = 300;

/**
 * How far past the deadline a page may take. The retry backoff (at most 0.1 s) lies within the deadline;
 * the rest is rendering and scheduling on a busy 2-core machine running other test files at once.
 */
export const LATENCY_MARGIN_MS = 400;

/** The notice of a page rendered without recommendations. */
export const NOTICE = 'Recommendations are unavailable right now';

/** True for a page that answered without recommendations. */
export const isDegraded = (body: string) => body.includes(NOTICE);

/**
 * Starts the real marketplace process against recommendations on 127.0.0.1:`port` (or RECOMMENDATIONS_HOST
 * in `env`) with the default deadline, able to collect its garbage on request for heap samples. It is killed
 * when the current test finishes.
 */
export function startMarketplaceFor(
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<Listening<MarketplacePorts>> {
  return spawnMarketplace(
    {
      RECOMMENDATIONS_HOST: '127.0.0.1',
      RECOMMENDATIONS_PORT: String(port),
      RECOMMENDATIONS_DEADLINE_MS: String(DEADLINE_MS),
      ...env,
    },
    { nodeArgs: [...GC_ON_SIGNAL_ARGS, ...nodeArgs] },
  );
}

/** Steady homepage load: 4 workers, each pausing 10 ms between requests; options override. */
export function homepageLoad(ports: MarketplacePorts, options: Partial<LoadOptions> = {}): Promise<LoadSummary> {
  return runLoad({
    url: `http://127.0.0.1:${ports.http}/`,
    concurrency: 4,
    pauseMs: 10,
    durationMs: 3000,
    maxRequests: 5000,
    requestTimeoutMs: 5000,
    isDegraded,
    ...options,
  });
}

/** Polls `/` every 100 ms until it shows books again; resolves with how long that took, or -1 after `timeoutMs`. */
export async function timeToRecover(ports: MarketplacePorts, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  for (let attempt = 0; attempt < timeoutMs / 100 && Date.now() - started < timeoutMs; attempt += 1) {
    // One connection per poll (keepAlive false), so none is left open to count against the handle baseline.
    const poll = await runLoad({
      url: `http://127.0.0.1:${ports.http}/`,
      concurrency: 1,
      durationMs: 5000,
      maxRequests: 1,
      requestTimeoutMs: 5000,
      isDegraded,
      keepAlive: false,
    });
    if (poll.ok === 1 && poll.degraded === 0) return Date.now() - started;
    await sleep(100);
  }
  return -1;
}

/** Samples memory (after a full GC) and handles once the load's connections are gone. */
export async function settledStats(marketplace: Listening<MarketplacePorts>): Promise<ProcessStats> {
  await sleep(300);
  return sampleAfterGc(marketplace.service.child, marketplace.ports.metrics);
}

/** Prints what a test saw, so every run leaves its figures in the output. */
export function printFigures(label: string, summary: LoadSummary, extra: Record<string, string | number> = {}): void {
  const more = Object.entries(extra)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  console.log(`${formatSummary(label, summary)}${more ? ` ${more}` : ''}`);
}

/** `heap a->b MiB, handles a->b, fds a->b` for a before/after pair. */
export function describeStats(before: ProcessStats, after: ProcessStats): Record<string, string> {
  return {
    heapMiB: `${mib(before.heapUsedBytes)}->${mib(after.heapUsedBytes)}`,
    rssMiB: `${mib(before.rssBytes)}->${mib(after.rssBytes)}`,
    handles: `${before.activeHandles}->${after.activeHandles}`,
    fds: `${before.openFds}->${after.openFds}`,
  };
}

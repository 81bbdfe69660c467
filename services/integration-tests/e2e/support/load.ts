import { runLoad } from '@bookstore/testing';
import type { LoadOptions, LoadSummary } from '@bookstore/testing';
import { isDegraded } from './pages';

/** The shared load runner against marketplace's homepage: the notice marks degraded pages, 5 s per request. */
export function loadHomepage(marketplaceUrl: string, options: Partial<LoadOptions>): Promise<LoadSummary> {
  return runLoad({
    url: `${marketplaceUrl}/`,
    concurrency: 4,
    durationMs: 60_000,
    maxRequests: 100_000,
    requestTimeoutMs: 5000,
    isDegraded,
    ...options,
  });
}

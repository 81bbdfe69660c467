import { DEFAULT_CONNECTION_LIMITS } from '@bookstore/shared';
import { loadConfig } from '../src/config';
import type { MarketplaceConfig } from '../src/config';

/** The deadline marketplace runs with by default, for the tests about what that deadline does. */
export const PRODUCTION_DEADLINE_MS = loadConfig({}).recommendations.deadlineMs;

/**
 * The deadline of Recommend calls in tests: a test that asserts a full page must get one on a loaded machine
 * too, where the first call over a cold channel can take longer than the production 300 ms.
 */
export const TEST_DEADLINE_MS = 10_000;

/** A config for tests: OS-picked loopback ports, recommendations at `recommendationsPort`, short timings. */
export function testConfig(
  recommendationsPort: number,
  overrides: Partial<MarketplaceConfig> = {},
): MarketplaceConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    healthPort: 0,
    metricsPort: 0,
    logLevel: 'debug',
    shutdownGraceMs: 2000,
    connections: { ...DEFAULT_CONNECTION_LIMITS },
    shutdownDelayMs: 0,
    recommendations: {
      host: '127.0.0.1',
      port: recommendationsPort,
      deadlineMs: TEST_DEADLINE_MS,
      tls: undefined,
      tlsServerName: undefined,
    },
    ...overrides,
  };
}

/** Counts `<li>` elements the way the original integration test did. */
export function countListItems(html: string): number {
  return (html.match(/<li[\s>]/g) ?? []).length;
}

import { DEFAULT_CONNECTION_LIMITS } from '@bookstore/shared';
import type { MarketplaceConfig } from '../src/config';

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
      deadlineMs: 300,
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

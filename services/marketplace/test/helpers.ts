import { captureLogger } from '@bookstore/testing';
import { serve, testServiceConfig } from '@bookstore/testing/fixtures';
import { createMarketplaceApp } from '../src/app';
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
export function testConfig(recommendationsPort: number, overrides: Partial<MarketplaceConfig> = {}): MarketplaceConfig {
  return {
    ...testServiceConfig(),
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

/**
 * The real marketplace app, built in this process against recommendations on `recommendationsPort`,
 * listening on loopback port 0 and closed when the current test finishes; its logs are captured.
 */
export async function buildMarketplace(recommendationsPort: number, overrides: Partial<MarketplaceConfig> = {}) {
  const { logger, lines } = captureLogger('marketplace');
  const app = createMarketplaceApp({ config: testConfig(recommendationsPort, overrides), logger });
  const { ports, close } = await serve(app);
  const url = (path: string) => `http://127.0.0.1:${ports.http}${path}`;
  return { app, ports, url, lines, close };
}

/** Counts `<li>` elements the way the original integration test did. */
export function countListItems(html: string): number {
  return (html.match(/<li[\s>]/g) ?? []).length;
}

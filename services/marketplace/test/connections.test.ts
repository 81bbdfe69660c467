import { afterEach, describe, expect, it } from 'vitest';
import {
  advertisedMaxConcurrentStreams,
  checkHealth,
  healthClient,
  openSilentConnections,
  scrape,
  startFakeRecommendations,
  startMarketplaceProcess,
} from '@bookstore/testing';
import type { SilentConnections } from '@bookstore/testing';
import { countListItems } from './helpers';

/** Short limits, so the test sees them act; production defaults are in docs/CONTRACT.md. */
const LIMITS = { HANDSHAKE_TIMEOUT_MS: 1000, IDLE_TIMEOUT_MS: 1500, MAX_CONCURRENT_STREAMS: 7 };
const SILENT_PER_PORT = 20;
/** How late a close may come on a loaded machine: timers are never early, but may fire late. */
const SLACK_MS = 5000;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the real process with LIMITS on loopback, against a stand-in recommendations. */
async function start() {
  const fake = await startFakeRecommendations();
  cleanups.push(() => fake.kill());
  const env = Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)]));
  const listening = await startMarketplaceProcess({
    ...env,
    RECOMMENDATIONS_HOST: '127.0.0.1',
    RECOMMENDATIONS_PORT: String(fake.port),
    RECOMMENDATIONS_DEADLINE_MS: '5000',
  });
  cleanups.push(() => listening.service.child.kill('SIGKILL'));
  return listening;
}

describe('marketplace listeners', () => {
  it('close silent connections on every port within the configured time, while every port keeps serving', async () => {
    const { ports } = await start();
    // HTTP: the request head is the handshake; the gRPC port: a connection that starts no call is idle from the start.
    const expected = { http: LIMITS.HANDSHAKE_TIMEOUT_MS, health: LIMITS.IDLE_TIMEOUT_MS, metrics: LIMITS.HANDSHAKE_TIMEOUT_MS };
    const silent: Record<keyof typeof expected, SilentConnections> = {
      http: await openSilentConnections(ports.http, SILENT_PER_PORT),
      health: await openSilentConnections(ports.health, SILENT_PER_PORT),
      metrics: await openSilentConnections(ports.metrics, SILENT_PER_PORT),
    };
    for (const connections of Object.values(silent)) cleanups.push(() => connections.destroy());

    const health = healthClient(`127.0.0.1:${ports.health}`);
    cleanups.push(() => health.close());
    const page = await fetch(`http://127.0.0.1:${ports.http}/`, { signal: AbortSignal.timeout(10_000) });
    expect(countListItems(await page.text())).toBe(1);
    expect(await checkHealth(health)).toBe('SERVING');
    expect(await scrape(ports.metrics)).toContain('http_request_duration_seconds');

    const outcome: Record<string, { stillOpen: number; closedEarly: number }> = {};
    for (const [port, ms] of Object.entries(expected) as [keyof typeof expected, number][]) {
      const lifetimes = await silent[port].lifetimes(ms + SLACK_MS);
      outcome[port] = {
        stillOpen: lifetimes.filter((lifetime) => lifetime < 0).length,
        closedEarly: lifetimes.filter((lifetime) => lifetime >= 0 && lifetime < ms - 50).length,
      };
    }
    const none = Object.fromEntries(Object.keys(expected).map((port) => [port, { stillOpen: 0, closedEarly: 0 }]));
    expect(outcome, `silent connections still open ${SLACK_MS} ms past, or closed before, the configured time`).toEqual(none);
  }, 30_000);

  it('advertises MAX_CONCURRENT_STREAMS on the gRPC health port', async () => {
    const { ports } = await start();
    expect(await advertisedMaxConcurrentStreams(ports.health)).toBe(LIMITS.MAX_CONCURRENT_STREAMS);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  SHORT_CONNECTION_LIMITS,
  advertisedMaxConcurrentStreams,
  checkHealth,
  healthClient,
  openSilentOnPorts,
  scrape,
  startFakeRecommendations,
  startMarketplaceProcess,
} from '@bookstore/testing';
import { TEST_DEADLINE_MS, countListItems } from './helpers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the real process with short connection limits on loopback, against a stand-in recommendations. */
async function start() {
  const fake = await startFakeRecommendations();
  cleanups.push(() => fake.kill());
  const listening = await startMarketplaceProcess({
    ...SHORT_CONNECTION_LIMITS,
    RECOMMENDATIONS_HOST: '127.0.0.1',
    RECOMMENDATIONS_PORT: String(fake.port),
    RECOMMENDATIONS_DEADLINE_MS: String(TEST_DEADLINE_MS),
  });
  cleanups.push(() => listening.service.child.kill('SIGKILL'));
  return listening;
}

describe('marketplace listeners', () => {
  it('close silent connections on every port within the configured time, while every port keeps serving', async () => {
    const { ports } = await start();
    const silent = await openSilentOnPorts(ports, 20);
    cleanups.push(() => silent.destroy());

    const health = healthClient(`127.0.0.1:${ports.health}`);
    cleanups.push(() => health.close());
    const page = await fetch(`http://127.0.0.1:${ports.http}/`, { signal: AbortSignal.timeout(TEST_DEADLINE_MS) });
    expect(countListItems(await page.text())).toBe(1);
    expect(await checkHealth(health)).toBe('SERVING');
    expect(await scrape(ports.metrics)).toContain('http_request_duration_seconds');

    // HTTP ports: the request head is the handshake; the gRPC port: a connection that starts no call is idle.
    const { IDLE_TIMEOUT_MS: idle, HANDSHAKE_TIMEOUT_MS: handshake } = SHORT_CONNECTION_LIMITS;
    expect(await silent.problems({ http: Number(handshake), health: Number(idle), metrics: Number(handshake) })).toEqual([]);
  }, 30_000);

  it('advertises MAX_CONCURRENT_STREAMS on the gRPC health port', async () => {
    const { ports } = await start();
    expect(await advertisedMaxConcurrentStreams(ports.health)).toBe(Number(SHORT_CONNECTION_LIMITS.MAX_CONCURRENT_STREAMS));
  });
});

import { describe, expect, it, onTestFinished } from 'vitest';
import {
  SHORT_CONNECTION_LIMITS,
  SHORT_SILENT_CLOSE_MS,
  advertisedMaxConcurrentStreams,
  checkHealth,
  healthClient,
  openSilentOnPorts,
  scrape,
  startFakeRecommendations,
} from '@bookstore/testing';
import { closeWhenFinished, spawnMarketplace } from '@bookstore/testing/fixtures';
import { TEST_DEADLINE_MS, countListItems } from './helpers';

/**
 * Starts the real process with short connection limits on loopback, against a stand-in recommendations;
 * both are stopped when the test finishes.
 */
async function start() {
  const fake = await startFakeRecommendations();
  onTestFinished(() => fake.kill());
  return spawnMarketplace({
    ...SHORT_CONNECTION_LIMITS,
    RECOMMENDATIONS_HOST: '127.0.0.1',
    RECOMMENDATIONS_PORT: String(fake.port),
    RECOMMENDATIONS_DEADLINE_MS: String(TEST_DEADLINE_MS),
  });
}

describe('marketplace listeners', () => {
  it('close silent connections on every port within the configured time, while every port keeps serving', async () => {
    const { ports } = await start();
    const silent = await openSilentOnPorts(ports, 20);
    onTestFinished(() => silent.destroy());

    const health = closeWhenFinished(healthClient(`127.0.0.1:${ports.health}`));
    const page = await fetch(`http://127.0.0.1:${ports.http}/`, { signal: AbortSignal.timeout(TEST_DEADLINE_MS) });
    expect(countListItems(await page.text())).toBe(1);
    expect(await checkHealth(health)).toBe('SERVING');
    expect(await scrape(ports.metrics)).toContain('http_request_duration_seconds');

    const { http, grpc } = SHORT_SILENT_CLOSE_MS;
    expect(await silent.problems({ http, health: grpc, metrics: http })).toEqual([]);
  }, 30_000);

  it('advertises MAX_CONCURRENT_STREAMS on the gRPC health port', async () => {
    const { ports } = await start();
    expect(await advertisedMaxConcurrentStreams(ports.health)).toBe(
      Number(SHORT_CONNECTION_LIMITS.MAX_CONCURRENT_STREAMS),
    );
  });
});

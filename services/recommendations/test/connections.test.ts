import { describe, expect, it, onTestFinished } from 'vitest';
import {
  SHORT_CONNECTION_LIMITS,
  SHORT_SILENT_CLOSE_MS,
  advertisedMaxConcurrentStreams,
  checkHealth,
  healthClient,
  openSilentOnPorts,
  recommend,
  recommendationsClient,
  scrape,
} from '@bookstore/testing';
import { closeWhenFinished, spawnRecommendations } from '@bookstore/testing/fixtures';

describe('recommendations listeners', () => {
  it('close silent connections on every port within the configured time, while every port keeps serving', async () => {
    const { ports } = await spawnRecommendations(SHORT_CONNECTION_LIMITS);
    const silent = await openSilentOnPorts(ports, 20);
    onTestFinished(() => silent.destroy());

    const client = closeWhenFinished(recommendationsClient(`127.0.0.1:${ports.grpc}`));
    const health = closeWhenFinished(healthClient(`127.0.0.1:${ports.health}`));
    expect((await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 })).recommendations).toHaveLength(
      1,
    );
    expect(await checkHealth(health)).toBe('SERVING');
    expect(await scrape(ports.metrics)).toContain('grpc_server_started_total');

    const { http, grpc } = SHORT_SILENT_CLOSE_MS;
    expect(await silent.problems({ grpc, health: grpc, metrics: http })).toEqual([]);
  }, 30_000);

  it('advertises MAX_CONCURRENT_STREAMS on both gRPC ports', async () => {
    const { ports } = await spawnRecommendations(SHORT_CONNECTION_LIMITS);
    const limit = Number(SHORT_CONNECTION_LIMITS.MAX_CONCURRENT_STREAMS);
    expect(await advertisedMaxConcurrentStreams(ports.grpc)).toBe(limit);
    expect(await advertisedMaxConcurrentStreams(ports.health)).toBe(limit);
  });
});

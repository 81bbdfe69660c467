import { afterEach, describe, expect, it } from 'vitest';
import {
  SHORT_CONNECTION_LIMITS,
  advertisedMaxConcurrentStreams,
  checkHealth,
  healthClient,
  openSilentOnPorts,
  recommend,
  recommendationsClient,
  scrape,
  startRecommendationsProcess,
} from '@bookstore/testing';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the real process with short connection limits on loopback. */
async function start() {
  const listening = await startRecommendationsProcess(SHORT_CONNECTION_LIMITS);
  cleanups.push(() => listening.service.child.kill('SIGKILL'));
  return listening;
}

describe('recommendations listeners', () => {
  it('close silent connections on every port within the configured time, while every port keeps serving', async () => {
    const { ports } = await start();
    const silent = await openSilentOnPorts(ports, 20);
    cleanups.push(() => silent.destroy());

    const client = recommendationsClient(`127.0.0.1:${ports.grpc}`);
    const health = healthClient(`127.0.0.1:${ports.health}`);
    cleanups.push(() => client.close(), () => health.close());
    expect((await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 })).recommendations).toHaveLength(1);
    expect(await checkHealth(health)).toBe('SERVING');
    expect(await scrape(ports.metrics)).toContain('grpc_server_started_total');

    // gRPC ports: a connection that starts no call is idle from the start; HTTP: the request head is the handshake.
    const { IDLE_TIMEOUT_MS: idle, HANDSHAKE_TIMEOUT_MS: handshake } = SHORT_CONNECTION_LIMITS;
    expect(await silent.problems({ grpc: Number(idle), health: Number(idle), metrics: Number(handshake) })).toEqual([]);
  }, 30_000);

  it('advertises MAX_CONCURRENT_STREAMS on both gRPC ports', async () => {
    const { ports } = await start();
    const limit = Number(SHORT_CONNECTION_LIMITS.MAX_CONCURRENT_STREAMS);
    expect(await advertisedMaxConcurrentStreams(ports.grpc)).toBe(limit);
    expect(await advertisedMaxConcurrentStreams(ports.health)).toBe(limit);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkHealth,
  healthClient,
  nonJsonLines,
  recommend,
  recommendationsClient,
  startService,
  startWithPortInUse,
} from '@bookstore/testing';
import { killWhenFinished, spawnRecommendations } from '@bookstore/testing/fixtures';

describe('recommendations process', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('goes NOT_SERVING on %s, then exits 0', async (signal) => {
    const { service, ports } = await spawnRecommendations();
    const health = healthClient(`127.0.0.1:${ports.health}`);
    const seen: string[] = [];
    const watch = health.Watch({ service: 'Recommendations' });
    watch.on('data', (message: { status: string }) => seen.push(message.status));
    watch.on('error', () => {});
    expect(await checkHealth(health)).toBe('SERVING');

    service.child.kill(signal);
    expect(await service.exited).toBe(0);
    health.close();
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
    expect(service.logs().map((l) => l.msg)).toEqual(
      expect.arrayContaining(['shutdown started', 'gRPC server drained', 'shutdown complete']),
    );
  });

  it('serves the original contract from the real entry point', async () => {
    const { ports } = await spawnRecommendations();
    const client = recommendationsClient(`127.0.0.1:${ports.grpc}`);
    const response = await recommend(client, { user_id: 1, category: 'SCIENCE_FICTION', max_results: 3 });
    client.close();
    expect(response.recommendations.map((b) => b.id).sort()).toEqual([4, 5, 6]);
  });

  it('exits non-zero with one JSON line naming the variable when config is bad', async () => {
    const service = killWhenFinished(startService('recommendations', { PORT: 'abc' }));
    expect(await service.exited).toBe(1);
    expect(nonJsonLines(service.stdout() + service.stderr())).toEqual([]);
    const fatal = service.logs().find((line) => line.level === 'fatal') as { err?: { message?: string } } | undefined;
    expect(fatal?.err?.message).toMatch(/PORT: expected an integer/);
  });

  it.each(['PORT', 'HEALTH_PORT', 'METRICS_PORT'])(
    'exits 1 writing only JSON lines when %s is in use',
    async (variable) => {
      const outcome = await startWithPortInUse('recommendations', variable);
      expect(outcome).toMatchObject({ code: 1, nonJsonLines: { stdout: [], stderr: [] } });
      expect(outcome.fatal, 'the fatal line names the address in use').toMatch(
        new RegExp(`EADDRINUSE|${outcome.port}`),
      );
    },
  );
});

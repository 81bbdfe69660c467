import { describe, expect, it, onTestFinished } from 'vitest';
import { nonJsonLines, startFakeRecommendations, startService, startWithPortInUse } from '@bookstore/testing';
import { killWhenFinished } from '@bookstore/testing/fixtures';
import { countListItems } from './helpers';

describe('marketplace process', () => {
  it('completes a request in flight across SIGTERM, then exits 0', async () => {
    const fake = await startFakeRecommendations({ delayMs: 600 });
    onTestFinished(() => fake.kill());
    const service = startService('marketplace', {
      HOST: '127.0.0.1',
      PORT: '0',
      HEALTH_PORT: '0',
      METRICS_PORT: '0',
      RECOMMENDATIONS_HOST: '127.0.0.1',
      RECOMMENDATIONS_PORT: String(fake.port),
      RECOMMENDATIONS_DEADLINE_MS: '3000',
    });
    killWhenFinished(service);
    const { ports } = (await service.waitForLog('marketplace listening')) as { ports: { http: number } };

    const inFlight = fetch(`http://127.0.0.1:${ports.http}/`).then(async (r) => ({
      status: r.status,
      body: await r.text(),
    }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    service.child.kill('SIGTERM');

    const page = await inFlight;
    expect(page.status).toBe(200);
    expect(countListItems(page.body)).toBe(1);
    expect(await service.exited).toBe(0);
    expect(service.logs().find((l) => l.msg === 'HTTP server drained')).toMatchObject({ outcome: 'graceful' });
  });

  it('exits non-zero with one JSON line naming the variable when config is bad', async () => {
    const service = killWhenFinished(startService('marketplace', { RECOMMENDATIONS_DEADLINE_MS: 'soon' }));
    expect(await service.exited).toBe(1);
    expect(nonJsonLines(service.stdout() + service.stderr())).toEqual([]);
    const fatal = service.logs().find((line) => line.level === 'fatal') as { err?: { message?: string } } | undefined;
    expect(fatal?.err?.message).toMatch(/RECOMMENDATIONS_DEADLINE_MS/);
  });

  it.each(['PORT', 'HEALTH_PORT', 'METRICS_PORT'])(
    'exits 1 writing only JSON lines when %s is in use',
    async (variable) => {
      const outcome = await startWithPortInUse('marketplace', variable);
      expect(outcome).toMatchObject({ code: 1, nonJsonLines: { stdout: [], stderr: [] } });
      expect(outcome.fatal, 'the fatal line names the address in use').toMatch(
        new RegExp(`EADDRINUSE|${outcome.port}`),
      );
    },
  );
});

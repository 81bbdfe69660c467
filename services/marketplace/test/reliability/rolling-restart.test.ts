import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DUAL_STACK_LOCALHOST, sampleValue, scrape } from '@bookstore/testing';
import type { Listening, RecommendationsPorts } from '@bookstore/testing';
import { spawnRecommendations } from '@bookstore/testing/fixtures';
import { homepageLoad, printFigures, startMarketplaceFor } from './harness';

/** A replica: the real recommendations process bound to one loopback address of `localhost`. */
interface Replica {
  host: '127.0.0.1' | '::1';
  process: Listening<RecommendationsPorts>;
}

/** Starts a replica on `host`:`port` (0: the OS picks) with a drain long enough for calls in flight. */
async function startReplica(host: Replica['host'], port: number): Promise<Replica> {
  const replica = await spawnRecommendations({ HOST: host, PORT: String(port), SHUTDOWN_GRACE_MS: '3000' });
  return { host, process: replica };
}

/** Recommend calls a replica has answered OK, from its own metrics. */
async function served(replica: Replica): Promise<number> {
  const host = replica.host === '::1' ? '[::1]' : replica.host;
  const text = await scrape(replica.process.ports.metrics, host);
  return sampleValue(text, 'grpc_server_handled_total', { grpc_method: 'Recommend', grpc_code: 'OK' }) ?? 0;
}

/** Waits (at most 10 s) until the replica has served `calls` calls: marketplace's channel reached it. */
async function expectTraffic(replica: Replica, calls = 5): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await served(replica)) < calls; attempt += 1) await sleep(100);
  expect(await served(replica), `replica on ${replica.host} never got marketplace's calls`).toBeGreaterThanOrEqual(
    calls,
  );
}

/** SIGTERMs a replica, expects a clean exit, and starts its successor on the same address and port. */
async function roll(replica: Replica): Promise<Replica> {
  replica.process.service.child.kill('SIGTERM');
  expect(await replica.process.service.exited, `replica on ${replica.host} exit code`).toBe(0);
  return startReplica(replica.host, replica.process.ports.grpc);
}

describe('marketplace during a rolling restart of two recommendations replicas', () => {
  it('answers every page with books while each replica is SIGTERMed and replaced in turn', async () => {
    const first = await startReplica('127.0.0.1', 0);
    const second = await startReplica('::1', first.process.ports.grpc);
    // `localhost` with two addresses, as a headless Service's DNS name has one per pod: round_robin uses both.
    // A 1 s deadline: a replica starting next door can starve this 2-core machine's CPU for 300 ms, while
    // a call stuck on a draining replica would still take its 3 s grace and show up as a degraded page.
    const marketplace = await startMarketplaceFor(
      first.process.ports.grpc,
      { RECOMMENDATIONS_HOST: 'localhost', RECOMMENDATIONS_DEADLINE_MS: '1000' },
      ['--import', DUAL_STACK_LOCALHOST],
    );

    const stop = new AbortController();
    const load = homepageLoad(marketplace.ports, { durationMs: 60_000, signal: stop.signal });
    try {
      await expectTraffic(first);
      await expectTraffic(second);
      const firstSuccessor = await roll(first);
      await expectTraffic(firstSuccessor);
      const secondSuccessor = await roll(second);
      await expectTraffic(secondSuccessor);
    } finally {
      stop.abort();
    }
    const summary = await load;
    printFigures('rolling restart of 2 replicas', summary);

    expect(summary.sent, 'the load ran throughout').toBeGreaterThan(100);
    expect(summary.failed, `requests without a 200: ${JSON.stringify(summary.failures)}`).toBe(0);
    expect(summary.degraded, 'pages without books: a replica going away was visible to users').toBe(0);
  }, 60_000);
});

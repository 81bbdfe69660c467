import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runLoad, startFakeRecommendations, summarise } from '@bookstore/testing';
import type { RequestResult } from '@bookstore/testing';
import { homepageLoad, printFigures, startMarketplaceFor } from './harness';

/** How long marketplace keeps serving after readiness goes false (what SHUTDOWN_DELAY_MS is for). */
const SHUTDOWN_DELAY_MS = 1000;
/** Recommendations answers after this, so every page has a call in flight for a while. */
const RECOMMENDATIONS_DELAY_MS = 150;

/** Polls /readyz on a new connection every 50 ms (at most 400 times) until `signal`; returns every outcome. */
async function pollReadiness(port: number, signal: AbortSignal): Promise<RequestResult[]> {
  const polls: RequestResult[] = [];
  for (let attempt = 0; attempt < 400 && !signal.aborted; attempt += 1) {
    const poll = await runLoad({
      url: `http://127.0.0.1:${port}/readyz`,
      concurrency: 1,
      durationMs: 1000,
      maxRequests: 1,
      requestTimeoutMs: 1000,
      keepAlive: false,
    });
    polls.push(...poll.results);
    await sleep(50);
  }
  return polls;
}

/** The start time of the first result matching `test`, or undefined. */
const firstAt = (results: RequestResult[], test: (r: RequestResult) => boolean) =>
  results.filter(test).sort((a, b) => a.startedAt - b.startedAt)[0]?.startedAt;

describe('marketplace process on SIGTERM under homepage load', () => {
  it('goes unready at once, serves through SHUTDOWN_DELAY_MS, finishes requests in flight, then refuses, and exits 0', async () => {
    const fake = await startFakeRecommendations({ delayMs: RECOMMENDATIONS_DELAY_MS });
    onTestFinished(() => fake.kill());
    const marketplace = await startMarketplaceFor(fake.port, {
      RECOMMENDATIONS_DEADLINE_MS: '2000',
      SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS),
      SHUTDOWN_GRACE_MS: '5000',
    });
    const { ports, service } = marketplace;

    const stop = new AbortController();
    const load = homepageLoad(ports, { durationMs: 20_000, signal: stop.signal });
    const readiness = pollReadiness(ports.http, stop.signal);
    await sleep(1000);
    const sigtermAt = Date.now();
    service.child.kill('SIGTERM');
    const exitCode = await service.exited;
    const exitedAt = Date.now();
    stop.abort();
    const results = (await load).results;
    const polls = await readiness;

    // When the listener closes, connections still in the kernel's accept queue are reset: the server never
    // read them, so for the client that is a refusal that looks like ECONNRESET. Only requests started at or
    // after that moment count as such; a reset of anything older is a dropped request and fails below.
    const closeAt = sigtermAt + SHUTDOWN_DELAY_MS;
    const atListenerClose = (r: RequestResult) => r.error === 'ECONNRESET' && r.startedAt >= closeAt - 5;
    const resetAtClose = results.filter(atListenerClose);
    const refused = (r: RequestResult) => r.error === 'ECONNREFUSED' || atListenerClose(r);
    const unreadyAt = firstAt(polls, (r) => r.status === 503);
    const refusedAt = firstAt([...results, ...polls], refused);
    const inFlight = results.filter((r) => r.startedAt < sigtermAt && r.startedAt + r.ms > sigtermAt);
    const servedWhileDraining = results.filter((r) => r.startedAt >= sigtermAt && r.status === 200);
    const summary = summarise(results.filter((r) => !refused(r)));
    printFigures('SIGTERM to marketplace under load', summary, {
      refusedAfterClose: results.filter(refused).length,
      inFlightAtSigterm: inFlight.length,
      servedWhileDraining: servedWhileDraining.length,
      unreadyAfterMs: unreadyAt === undefined ? 'never' : unreadyAt - sigtermAt,
      refusedAfterMs: refusedAt === undefined ? 'never' : refusedAt - sigtermAt,
      exitedAfterMs: exitedAt - sigtermAt,
      resetAtListenerClose: resetAtClose.length,
    });

    expect(exitCode, `exit code; stderr: ${service.stderr()}`).toBe(0);
    expect(
      summary.failed,
      `requests that were accepted but did not get a 200: ${JSON.stringify(summary.failures)}`,
    ).toBe(0);
    expect(summary.degraded, 'pages without books while draining').toBe(0);
    expect(inFlight.length, 'requests were in flight at SIGTERM').toBeGreaterThan(0);
    expect(
      inFlight.every((r) => r.status === 200),
      'every request in flight at SIGTERM finished with a 200',
    ).toBe(true);
    expect(unreadyAt, '/readyz never answered 503').toBeDefined();
    expect((unreadyAt ?? 0) - sigtermAt, '/readyz went 503 within 200 ms of SIGTERM').toBeLessThan(200);
    expect(servedWhileDraining.length, 'new requests were still served during SHUTDOWN_DELAY_MS').toBeGreaterThan(0);
    expect(refusedAt, 'connections were never refused').toBeDefined();
    expect(
      (refusedAt ?? 0) - sigtermAt,
      'connections refused before SHUTDOWN_DELAY_MS had passed',
    ).toBeGreaterThanOrEqual(SHUTDOWN_DELAY_MS - 50);
    expect(refusedAt ?? 0, 'a connection was refused before readiness went false').toBeGreaterThan(
      unreadyAt ?? Infinity,
    );
  }, 30_000);
});

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitServing } from './support/cluster';
import { cluster } from './support/cluster-context';
import { docker } from './support/docker';
import { describeFailures, printFigures } from './support/figures';
import { loadHomepage } from './support/load';
import { ensureHealthy, waitForRotation } from './support/replicas';
import type { Rotation } from './support/replicas';

const info = cluster();
const victim = info.replicas[1] ?? '';
// As the pods' terminationGracePeriodSeconds: above SHUTDOWN_GRACE_MS + 5 s, so docker never kills a drain.
const STOP_TIMEOUT_S = Math.ceil(info.graceMs / 1000) + 10;
// A new replica is found at the next DNS re-resolution, which at the latest a connection reaching its
// max age (GOAWAY) triggers; the rest is slack for reconnecting and the probe loop.
const ROTATION_LIMIT_MS = info.maxConnectionAgeMs + 15_000;

describe(`recommendations replica ${victim} stopped with SIGTERM (docker stop) under steady homepage load`, () => {
  let rotation: Rotation = { ms: 0, idle: [] };
  beforeAll(async () => {
    await ensureHealthy(info);
    rotation = await waitForRotation(info, info.replicas, ROTATION_LIMIT_MS);
  });
  afterAll(() => docker(['start', victim]));

  it('drains and exits 0 with zero failed and zero degraded pages', async () => {
    expect(rotation.idle, 'replicas got no traffic before the stop, so the test would prove nothing').toEqual([]);
    const steady = new AbortController();
    const load = loadHomepage(info.marketplaceUrl, { signal: steady.signal });
    await sleep(1500);
    const stopStarted = performance.now();
    await docker(['stop', '--time', String(STOP_TIMEOUT_S), victim], 60_000);
    const stopMs = Math.round(performance.now() - stopStarted);
    // Keep the load on the two remaining replicas for a while: what fails after the stop counts too.
    await sleep(2000);
    steady.abort();
    const figures = await load;
    const exitCode = await docker(['inspect', '--format', '{{.State.ExitCode}}', victim]);
    printFigures(figures, `docker stop took ${stopMs} ms, exit code ${exitCode}`);

    expect(exitCode, `${victim} exited ${exitCode} on SIGTERM instead of draining and exiting 0`).toBe('0');
    expect(stopMs, `${victim} took ${stopMs} ms to stop: its drain ran into the grace period`).toBeLessThan(
      info.graceMs,
    );
    expect(figures.failed, `failed requests during the stop: ${describeFailures(figures)}`).toBe(0);
    expect(figures.degraded, `${figures.degraded} of ${figures.sent} pages were degraded during the stop`).toBe(0);
  });

  it('takes the replica back into rotation once it starts again', async () => {
    const started = performance.now();
    await docker(['start', victim]);
    await waitServing(info.toolbox, `${victim}:50052`, 30_000);
    const servingMs = Math.round(performance.now() - started);
    const back = await waitForRotation(info, [victim], ROTATION_LIMIT_MS);
    console.log(
      `[e2e figures] ${victim}: SERVING ${servingMs} ms after docker start, serving homepages ${back.ms} ms later`,
    );
    expect(back.idle, `the restarted replica got no traffic within ${ROTATION_LIMIT_MS} ms`).toEqual([]);
  });
});

// The soak (`make soak`): steady homepage load on the real marketplace and recommendations processes for
// SOAK_SECONDS, with memory and handles sampled from inside both processes. Exits 1 on any failed or
// degraded request, or when either process keeps more than the stated bound after the run.
// Not a unit test: it takes a minute and its figures are meant to be read.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  GC_ON_SIGNAL_ARGS,
  excessOver,
  formatSummary,
  mib,
  processStats,
  runLoad,
  sampleAfterGc,
  startMarketplaceProcess,
  startRecommendationsProcess,
} from '@bookstore/testing';
import type { BaselineBounds, Listening, ProcessStats } from '@bookstore/testing';

/** An integer setting from the environment, or its default. */
function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

const SECONDS = setting('SOAK_SECONDS', 60);
const CONCURRENCY = setting('SOAK_CONCURRENCY', 4);
const WARMUP_SECONDS = setting('SOAK_WARMUP_SECONDS', 5);
const SAMPLE_EVERY_SECONDS = setting('SOAK_SAMPLE_SECONDS', 10);

/**
 * The bound, per process, between the sample after warm-up and the sample after the run, both taken
 * after a full GC: live heap may grow by 2 MiB, resident memory by 64 MiB (V8 and the allocator keep
 * pages once grown into), handles and file descriptors not at all.
 */
const BOUNDS: BaselineBounds = {
  heapUsedBytes: setting('SOAK_MAX_HEAP_GROWTH_MIB', 2) * 1024 * 1024,
  rssBytes: setting('SOAK_MAX_RSS_GROWTH_MIB', 64) * 1024 * 1024,
  activeHandles: 0,
  openFds: 0,
};

const NOTICE = 'Recommendations are unavailable right now';

/** One line per process and moment: what the process itself reported. */
function describe(label: string, stats: ProcessStats): string {
  return (
    `  ${label.padEnd(34)} heap ${mib(stats.heapUsedBytes).padStart(6)} MiB  rss ${mib(stats.rssBytes).padStart(6)} MiB  ` +
    `handles ${String(stats.activeHandles).padStart(3)}  fds ${String(stats.openFds).padStart(3)}`
  );
}

/** Samples both processes after a full GC, once the load's connections have closed. */
async function settledSample(services: Record<string, Listening<{ metrics: number }>>) {
  await sleep(500);
  const samples: Record<string, ProcessStats> = {};
  for (const [name, { service, ports }] of Object.entries(services)) {
    samples[name] = await sampleAfterGc(service.child, ports.metrics);
  }
  return samples;
}

/** Runs the soak and returns the process exit code. */
async function main(): Promise<number> {
  const recommendations = await startRecommendationsProcess({}, { nodeArgs: GC_ON_SIGNAL_ARGS });
  const marketplace = await startMarketplaceProcess(
    { RECOMMENDATIONS_HOST: '127.0.0.1', RECOMMENDATIONS_PORT: String(recommendations.ports.grpc) },
    { nodeArgs: GC_ON_SIGNAL_ARGS },
  );
  const services = { marketplace, recommendations };
  const load = (seconds: number) =>
    runLoad({
      url: `http://127.0.0.1:${marketplace.ports.http}/`,
      concurrency: CONCURRENCY,
      durationMs: seconds * 1000,
      maxRequests: 10_000_000,
      requestTimeoutMs: 5000,
      isDegraded: (body) => body.includes(NOTICE),
    });
  try {
    console.log(`soak: ${SECONDS} s of GET / with ${CONCURRENCY} connections, after ${WARMUP_SECONDS} s of warm-up`);
    await load(WARMUP_SECONDS);
    const before = await settledSample(services);

    const during: string[] = [];
    const started = Date.now();
    const running = load(SECONDS);
    for (let tick = 1; tick * SAMPLE_EVERY_SECONDS < SECONDS; tick += 1) {
      await sleep(started + tick * SAMPLE_EVERY_SECONDS * 1000 - Date.now());
      for (const [name, { ports }] of Object.entries(services)) {
        during.push(describe(`${name} at ${tick * SAMPLE_EVERY_SECONDS} s`, await processStats(ports.metrics)));
      }
    }
    const summary = await running;
    const after = await settledSample(services);

    console.log(formatSummary('soak', summary));
    console.log(`  ${(summary.sent / SECONDS).toFixed(0)} requests/s`);
    console.log('memory and handles (heap and rss "after GC" where marked):');
    const problems: string[] = [];
    for (const name of Object.keys(services)) {
      const first = before[name] as ProcessStats;
      const last = after[name] as ProcessStats;
      console.log(describe(`${name} after warm-up (after GC)`, first));
      for (const line of during.filter((l) => l.includes(`${name} at`))) console.log(line);
      console.log(describe(`${name} after the run (after GC)`, last));
      console.log(
        `  ${name} growth: heap ${mib(last.heapUsedBytes - first.heapUsedBytes)} MiB (bound ${mib(BOUNDS.heapUsedBytes)}), ` +
          `rss ${mib(last.rssBytes - first.rssBytes)} MiB (bound ${mib(BOUNDS.rssBytes)})`,
      );
      problems.push(...excessOver(first, last, BOUNDS).map((excess) => `${name}: ${excess}`));
    }
    if (summary.failed > 0) problems.push(`${summary.failed} failed requests: ${JSON.stringify(summary.failures)}`);
    if (summary.degraded > 0) problems.push(`${summary.degraded} degraded pages`);

    for (const [name, { service }] of Object.entries(services)) {
      service.child.kill('SIGTERM');
      const code = await service.exited;
      if (code !== 0) problems.push(`${name} exited with ${code} on SIGTERM`);
    }
    console.log(problems.length === 0 ? 'soak: PASS' : `soak: FAIL\n  ${problems.join('\n  ')}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    for (const { service } of Object.values(services))
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('soak: error', error);
    process.exit(2);
  },
);

import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sampleSum, sampleValue, scrape } from './metrics';

/** Memory and handles of a service, as its own /metrics reports them (prom-client's default metrics). */
export interface ProcessStats {
  rssBytes: number;
  heapUsedBytes: number;
  activeHandles: number;
  openFds: number;
}

/** Samples a process's memory and handles from its metrics port: measured inside the process, not guessed. */
export async function processStats(metricsPort: number): Promise<ProcessStats> {
  const text = await scrape(metricsPort);
  const read = (name: string, value = sampleValue(text, name)) => {
    if (value === undefined) throw new Error(`/metrics on port ${metricsPort} has no ${name}`);
    return value;
  };
  return {
    rssBytes: read('process_resident_memory_bytes'),
    heapUsedBytes: read('nodejs_heap_size_used_bytes'),
    activeHandles: read('nodejs_active_handles', sampleSum(text, 'nodejs_active_handles')),
    openFds: read('process_open_fds'),
  };
}

/** Node flags for a service process whose heap a test samples: SIGWINCH then runs a full GC in it. */
export const GC_ON_SIGNAL_ARGS = ['--expose-gc', '--import', path.resolve(__dirname, 'gc-on-signal.ts')];

/**
 * Collects garbage in `child` (started with GC_ON_SIGNAL_ARGS), then samples it: the heap then holds
 * live objects only, so two samples compare what the process keeps, not when V8 last collected.
 */
export async function sampleAfterGc(child: ChildProcess, metricsPort: number): Promise<ProcessStats> {
  child.kill('SIGWINCH');
  await sleep(100);
  return processStats(metricsPort);
}

/** How far above a baseline a later sample may be and still count as "back to baseline". */
export interface BaselineBounds {
  heapUsedBytes: number;
  rssBytes: number;
  activeHandles: number;
  openFds: number;
}

/** What the sample exceeds the baseline by, per bounded field; empty when it is within every bound. */
export function excessOver(baseline: ProcessStats, sample: ProcessStats, bounds: BaselineBounds): string[] {
  return (Object.keys(bounds) as (keyof BaselineBounds)[])
    .filter((key) => sample[key] > baseline[key] + bounds[key])
    .map((key) => `${key} ${sample[key]} > baseline ${baseline[key]} + ${bounds[key]}`);
}

/**
 * Samples every 250 ms until the process is back within `bounds` of `baseline` (idle sockets take a
 * moment to close), for at most `timeoutMs`. Resolves with the last sample and what still exceeds.
 */
export async function settleToBaseline(
  sample: () => Promise<ProcessStats>,
  baseline: ProcessStats,
  bounds: BaselineBounds,
  timeoutMs = 5000,
): Promise<{ stats: ProcessStats; excess: string[] }> {
  const deadline = Date.now() + timeoutMs;
  let last = { stats: baseline, excess: ['not sampled'] };
  for (let attempt = 0; attempt <= Math.ceil(timeoutMs / 250); attempt += 1) {
    const stats = await sample();
    last = { stats, excess: excessOver(baseline, stats, bounds) };
    if (last.excess.length === 0 || Date.now() >= deadline) break;
    await sleep(250);
  }
  return last;
}

/** Mebibytes with one decimal, for printed figures. */
export function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

import type { LoadResult } from './load-result';
import { cpuMsOf, startContentionMeter } from './machine';
import { ourPids, withRssSampling } from './processes';
import type { ServerProcess } from './processes';
import type { BenchSettings } from './settings';
import { median, round } from './stats';

/** One side of a pair: a name, the process whose memory is read (if it is ours to read), and how to load it. */
export interface Contender {
  label: string;
  proc?: ServerProcess;
  /** Loads the server for `durationS`; `measured` is false for the warm-up that precedes each measured run. */
  load: (durationS: number, measured: boolean) => Promise<LoadResult>;
}

/** A measured run, with the server's resident memory at its end (last sample, taken every 250 ms). */
export interface RunRecord extends LoadResult {
  rssMb?: number;
  /** The server's CPU time per request in µs (user + system, all threads): robust against other load. */
  cpuUsPerRequest?: number;
  /** CPU other people's processes took during the run, in % of the whole machine: the noise in this number. */
  otherCpuPct: number;
}

/** The medians of one side's measured runs, and the runs themselves. */
export interface SideSummary {
  label: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Failed requests summed over every measured run. */
  errors: number;
  requests: number;
  rssEndMb?: number;
  cpuUsPerRequest?: number;
  otherCpuPct: number;
  runs: RunRecord[];
}

/** How often RSS is read during a measured run; the last reading is "at the end of the load". */
const RSS_SAMPLE_MS = 250;

/** One warm-up, then one measured run, reading the server's RSS as it goes when it is a local process. */
async function measure(settings: BenchSettings, side: Contender): Promise<RunRecord> {
  await side.load(settings.warmupS, false);
  const { proc } = side;
  const otherCpu = startContentionMeter(ourPids);
  if (!proc) {
    const result = await side.load(settings.durationS, true);
    return { ...result, otherCpuPct: otherCpu() };
  }
  const cpuBefore = cpuMsOf(proc.pid);
  const { result, lastRssMb } = await withRssSampling(proc, RSS_SAMPLE_MS, () => side.load(settings.durationS, true));
  const cpuUsPerRequest = (1000 * (cpuMsOf(proc.pid) - cpuBefore)) / Math.max(1, result.requests);
  return { ...result, rssMb: lastRssMb, cpuUsPerRequest, otherCpuPct: otherCpu() };
}

/** Medians over the runs of one side. */
export function summarize(label: string, runs: RunRecord[]): SideSummary {
  const rss = runs.map((run) => run.rssMb).filter((mb): mb is number => mb !== undefined);
  const cpu = runs.map((run) => run.cpuUsPerRequest).filter((us): us is number => us !== undefined);
  return {
    label,
    rps: round(median(runs.map((run) => run.rps)), 1),
    p50Ms: round(median(runs.map((run) => run.p50Ms))),
    p99Ms: round(median(runs.map((run) => run.p99Ms))),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    ...(rss.length > 0 ? { rssEndMb: round(median(rss), 1) } : {}),
    ...(cpu.length > 0 ? { cpuUsPerRequest: round(median(cpu), 1) } : {}),
    otherCpuPct: round(median(runs.map((run) => run.otherCpuPct)), 1),
    runs: runs.map((run) => ({
      ...run,
      rps: round(run.rps, 1),
      p50Ms: round(run.p50Ms),
      p99Ms: round(run.p99Ms),
      otherCpuPct: round(run.otherCpuPct, 1),
      ...(run.cpuUsPerRequest === undefined ? {} : { cpuUsPerRequest: round(run.cpuUsPerRequest, 1) }),
      ...(run.rssMb === undefined ? {} : { rssMb: round(run.rssMb, 1) }),
    })),
  };
}

/**
 * Runs the sides in turn, `rounds` times each, rotating who goes first every round (for two sides: ABBA), so
 * drift and other people's load on this shared machine fall on every side alike; reports medians, in order.
 */
export async function runSides(
  settings: BenchSettings,
  sides: readonly Contender[],
  log: (line: string) => void,
): Promise<SideSummary[]> {
  const runs = sides.map((): RunRecord[] => []);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let turn = 0; turn < sides.length; turn += 1) {
      const index = (round + turn) % sides.length;
      const side = sides[index] as Contender;
      const record = await measure(settings, side);
      runs[index]?.push(record);
      const rss = record.rssMb === undefined ? '' : `, RSS ${record.rssMb.toFixed(1)} MB`;
      const cpu = record.cpuUsPerRequest === undefined ? '' : `, CPU ${record.cpuUsPerRequest.toFixed(0)} µs/req`;
      log(
        `  round ${round + 1} ${side.label}: ${record.rps.toFixed(0)} req/s, p50 ${record.p50Ms.toFixed(2)} ms, ` +
          `p99 ${record.p99Ms.toFixed(2)} ms, errors ${record.errors}${cpu}${rss}; others used ${record.otherCpuPct.toFixed(0)}% CPU`,
      );
    }
  }
  return sides.map((side, i) => summarize(side.label, runs[i] ?? []));
}

/** {@link runSides} for a pair: ours and its baseline, alternated ABBA. */
export async function runPair(
  settings: BenchSettings,
  a: Contender,
  b: Contender,
  log: (line: string) => void,
): Promise<[SideSummary, SideSummary]> {
  const [first, second] = await runSides(settings, [a, b], log);
  return [first as SideSummary, second as SideSummary];
}

import type { LoadResult } from './load-result';
import { runTool } from './processes';

/** How ghz loads a Recommend server. */
export interface GhzOptions {
  ghz: string;
  target: string;
  protoPath: string;
  request: object;
  concurrency: number;
  durationS: number;
}

/** The part of ghz's JSON report the harness reads (latencies in nanoseconds). */
interface GhzJson {
  count: number;
  rps: number;
  statusCodeDistribution?: Record<string, number>;
  errorDistribution?: Record<string, number>;
  latencyDistribution: { percentage: number; latency: number }[] | null;
}

/** The latency at `percentage` in ms; a run where no call succeeded has none, which is an error in itself. */
function percentileMs(report: GhzJson, percentage: number): number {
  const entry = report.latencyDistribution?.find((d) => d.percentage === percentage);
  if (!entry)
    throw new Error(
      `ghz reported no p${percentage}: did any call succeed? ${JSON.stringify(report.errorDistribution)}`,
    );
  return entry.latency / 1e6;
}

/**
 * Runs ghz for a fixed duration at fixed concurrency over one connection (marketplace's channel opens one
 * per replica), on one core, and waits for calls in flight at the end rather than counting them as failed.
 * Bounded: killed 30 s after the duration.
 */
export async function runGhz({
  ghz,
  target,
  protoPath,
  request,
  concurrency,
  durationS,
}: GhzOptions): Promise<LoadResult> {
  const args = [
    '--insecure',
    '--proto',
    protoPath,
    '--call',
    'Recommendations.Recommend',
    '-d',
    JSON.stringify(request),
    '--disable-template-functions',
    '--disable-template-data',
    '-c',
    String(concurrency),
    '--connections',
    '1',
    '--cpus',
    '1',
    '-z',
    `${durationS}s`,
    '--duration-stop',
    'wait',
    '--format',
    'json',
    target,
  ];
  const { code, stdout, stderr } = await runTool(ghz, args, (durationS + 30) * 1000);
  if (code !== 0 || !stdout.startsWith('{'))
    throw new Error(`ghz ${args.join(' ')} failed (exit ${code}): ${stderr || stdout}`);
  const report = JSON.parse(stdout) as GhzJson;
  const ok = report.statusCodeDistribution?.OK ?? 0;
  return {
    rps: report.rps,
    p50Ms: percentileMs(report, 50),
    p99Ms: percentileMs(report, 99),
    requests: report.count,
    errors: report.count - ok,
    errorKinds: Object.fromEntries(
      Object.entries(report.statusCodeDistribution ?? {}).filter(([code]) => code !== 'OK'),
    ),
  };
}

import path from 'node:path';
import type { LoadResult } from './load-result';
import { runTool } from './processes';

/** How wrk loads an HTTP server. */
export interface WrkOptions {
  wrk: string;
  url: string;
  connections: number;
  durationS: number;
}

const SCRIPT = path.join(__dirname, 'wrk-report.lua');

/** The JSON line wrk-report.lua prints. */
interface WrkJson {
  requests: number;
  duration_us: number;
  errors: Record<string, number>;
  latency_us: { p50: number; p99: number };
}

/**
 * Runs wrk (one thread: the second core belongs to the servers) for a fixed duration with a fixed number of
 * connections, and parses the report of wrk-report.lua. Bounded: killed 30 s after the duration.
 */
export async function runWrk({ wrk, url, connections, durationS }: WrkOptions): Promise<LoadResult> {
  const args = ['-t1', `-c${connections}`, `-d${durationS}s`, '--timeout', '2s', '-s', SCRIPT, url];
  const { code, stdout, stderr } = await runTool(wrk, args, (durationS + 30) * 1000);
  const line = stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
  if (code !== 0 || !line) throw new Error(`wrk ${args.join(' ')} failed (exit ${code}): ${stderr || stdout}`);
  const report = JSON.parse(line.slice('WRK_JSON '.length)) as WrkJson;
  const errors = Object.values(report.errors).reduce((sum, n) => sum + n, 0);
  return {
    rps: report.requests / (report.duration_us / 1e6),
    p50Ms: report.latency_us.p50 / 1000,
    p99Ms: report.latency_us.p99 / 1000,
    requests: report.requests,
    errors,
    errorKinds: Object.fromEntries(Object.entries(report.errors).filter(([, n]) => n > 0)),
  };
}

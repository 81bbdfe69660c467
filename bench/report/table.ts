import type { SideSummary } from '../lib/pair';
import type { BenchResults } from './results';

const pad = (text: string | number, width: number) => String(text).padStart(width);

/** Above this share of the machine taken by others (median over a side's runs), a pair's timings are flagged. */
const CONTENDED_PCT = 10;

/**
 * Rows of one comparison: each side's medians, then one ratio row per [name, ours, compared-with]; the
 * contention warning when others took more than {@link CONTENDED_PCT} of the machine during any side's runs.
 */
function comparisonRows(sides: SideSummary[], ratios: [string, SideSummary, SideSummary][]): string[] {
  const opt = (value: number | undefined, digits: number) => (value === undefined ? '-' : value.toFixed(digits));
  const row = (s: SideSummary) =>
    `  ${s.label.padEnd(18)}${pad(s.rps.toFixed(0), 9)}${pad(s.p50Ms.toFixed(2), 9)}${pad(s.p99Ms.toFixed(2), 9)}` +
    `${pad(s.errors, 8)}${pad(opt(s.cpuUsPerRequest, 0), 12)}${pad(opt(s.rssEndMb, 1), 12)}${pad(`${s.otherCpuPct.toFixed(0)}%`, 9)}`;
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}x` : '-');
  const ratioRow = ([name, a, b]: [string, SideSummary, SideSummary]) =>
    `  ${name.padEnd(18)}${pad(ratio(a.rps, b.rps), 9)}${pad(ratio(a.p50Ms, b.p50Ms), 9)}` +
    `${pad(ratio(a.p99Ms, b.p99Ms), 9)}${pad('', 8)}${pad(ratio(a.cpuUsPerRequest, b.cpuUsPerRequest), 12)}` +
    `${pad(ratio(a.rssEndMb, b.rssEndMb), 12)}`;
  const busiest = Math.max(...sides.map((side) => side.otherCpuPct));
  const warning =
    busiest > CONTENDED_PCT
      ? [
          `  ! others took ${sides.map((side) => `${side.otherCpuPct}%`).join(' / ')} of the machine during these runs: ` +
            'req/s and latency are unreliable here, CPU µs/req much less so',
        ]
      : [];
  return [
    `  ${''.padEnd(18)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}` +
      `${pad('CPU µs/req', 12)}${pad('RSS end MB', 12)}${pad('others', 9)}`,
    ...sides.map(row),
    ...ratios.map(ratioRow),
    ...warning,
  ];
}

/** Rows of one pair: each side's medians, then ours/baseline. */
function pairRows(ours: SideSummary, baseline: SideSummary): string[] {
  return comparisonRows([ours, baseline], [['ratio', ours, baseline]]);
}

/** Rows of the homepage: ours, the prescribed stack and bare node:http, then ours against each. */
function homepageRows({ ours, stack, baseline }: NonNullable<BenchResults['homepage']>): string[] {
  // results.json files from before the prescribed-stack baseline have no stack side.
  if (!stack) return pairRows(ours, baseline);
  return comparisonRows(
    [ours, stack, baseline],
    [
      ['ours / stack', ours, stack],
      ['ours / bare', ours, baseline],
    ],
  );
}

/** The human-readable report: every section that ran, then the targets, met or not. */
export function formatTable(results: BenchResults): string {
  const { settings: s, startup, imageStartup, homepage, rpc, scaleOut } = results;
  const runs = `${s.rounds} x ${s.durationS} s per side after ${s.warmupS} s warm-up, alternated; medians`;
  const lines: string[] = [
    `Machine: ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}; ` +
      `others used ${results.otherCpuPctBefore.toFixed(0)}% CPU just before the start.`,
    '"others": CPU other people\'s processes took during the runs (% of all cores); "CPU µs/req": the server\'s own CPU',
    'time per request, which contention barely moves: read it when "others" is high.',
  ];
  if (homepage) {
    lines.push('', `Homepage GET / (wrk, ${s.httpConnections} connections; ${runs})`, ...homepageRows(homepage));
  }
  if (rpc) {
    lines.push(
      '',
      `Recommend RPC (ghz, ${s.grpcConcurrency} concurrent calls on 1 connection; ${runs})`,
      ...pairRows(rpc.ours, rpc.baseline),
    );
  }
  if (startup) {
    lines.push('', `Start-up from build output (spawn -> ready; ${s.startupRuns} cold starts each) and idle memory`);
    for (const svc of [startup.recommendations, startup.marketplace]) {
      lines.push(
        `  ${svc.service.padEnd(18)}ready ${pad(svc.readyMs.toFixed(0), 5)} ms median (max ${svc.maxReadyMs.toFixed(0)})` +
          `   idle RSS ${svc.idleRssMb.toFixed(1)} MB`,
      );
    }
    lines.push(
      `  bare baselines    idle RSS ${startup.bareIdleRssMb.recommendations} MB (grpc-js server), ` +
        `${startup.bareIdleRssMb.homepage} MB (node:http + grpc-js client)`,
    );
  }
  if (imageStartup) {
    lines.push(
      '',
      `Start-up from the images (container process start -> ready; ${s.startupRuns} cold starts each) and idle memory`,
    );
    for (const svc of [imageStartup.recommendations, imageStartup.marketplace]) {
      lines.push(
        `  ${svc.service.padEnd(18)}ready ${pad(svc.readyMs.toFixed(0), 5)} ms median (max ${svc.maxReadyMs.toFixed(0)})` +
          `   idle RSS ${svc.idleRssMb.toFixed(1)} MB`,
      );
    }
    const { floor } = imageStartup;
    if (floor) {
      lines.push(
        `  same image (Node ${floor.nodeVersion.replace(/^v/, '')}), floor: idle RSS ${floor.bareNodeMb.toFixed(1)} MB (node -e, waiting), ` +
          `${floor.bareGrpcJsMb.toFixed(1)} MB (bare grpc-js server)`,
      );
    }
  }
  if (scaleOut) {
    lines.push(
      '',
      `Scale-out: homepage through marketplace containers, 1 vs 3 recommendations replicas (${runs})`,
      ...pairRows(scaleOut.three, scaleOut.one),
      `  spread over 3 replicas, max/min calls: ${scaleOut.spreadMaxMin.toFixed(3)} ` +
        `(per run: ${scaleOut.callsPerReplica.map((calls) => calls.join('/')).join(', ')})`,
    );
  }
  lines.push('', 'Targets');
  for (const t of results.targets) lines.push(`  ${t.met ? '[met]    ' : '[NOT met]'} ${t.target}: ${t.measured}`);
  return lines.join('\n');
}

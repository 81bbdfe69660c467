// `make bench-ab A=<services root> B=<services root> [PAIR=rpc|homepage]`: ours against ours, two builds of the
// services (the tree and a scratch copy with a candidate fix, see scratch-copy.sh) loaded alternately like the
// benchmark's pairs. Compares them per round (each round's B/A, then the median), which cancels most of the
// drift of a shared machine; prints CPU µs per request and req/s. Run an A/A first to see this machine's noise.
import path from 'node:path';
import { HOMEPAGE_REQUEST } from './lib/baselines';
import { runGhz } from './lib/ghz';
import { runPair } from './lib/pair';
import type { Contender, SideSummary } from './lib/pair';
import { stopAll } from './lib/processes';
import { waitForHttp, waitForServing } from './lib/readiness';
import { startMarketplace, startRecommendations } from './lib/servers';
import { REPO_ROOT, loadSettings } from './lib/settings';
import type { BenchSettings } from './lib/settings';
import { median } from './lib/stats';
import { runWrk } from './lib/wrk';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Two recommendations, one per build, each loaded with ghz. */
async function rpcContenders(a: BenchSettings, b: BenchSettings): Promise<[Contender, Contender]> {
  const sides = await Promise.all(
    [a, b].map(async (settings, i) => {
      const server = await startRecommendations(settings, `ab-recommendations-${'AB'[i]}`);
      await waitForServing(server.healthTarget ?? '', 10_000, server.proc);
      return {
        label: `${'AB'[i]} ${path.relative(REPO_ROOT, settings.servicesRoot) || '.'}`,
        proc: server.proc,
        load: (durationS: number) =>
          runGhz({
            ghz: settings.ghz,
            target: server.target,
            protoPath: path.join(REPO_ROOT, 'protobufs/recommendations.proto'),
            request: HOMEPAGE_REQUEST,
            concurrency: settings.grpcConcurrency,
            durationS,
          }),
      };
    }),
  );
  return [sides[0] as Contender, sides[1] as Contender];
}

/** Two marketplaces, one per build, calling one recommendations (A's), each loaded with wrk. */
async function homepageContenders(a: BenchSettings, b: BenchSettings): Promise<[Contender, Contender]> {
  const recommendations = await startRecommendations(a, 'ab-recommendations');
  await waitForServing(recommendations.healthTarget ?? '', 10_000, recommendations.proc);
  const sides = await Promise.all(
    [a, b].map(async (settings, i) => {
      const server = await startMarketplace(settings, `ab-marketplace-${'AB'[i]}`, recommendations.target);
      await waitForHttp(
        `${server.url}/`,
        (status, body) => status === 200 && body.includes('<li>'),
        10_000,
        server.proc,
      );
      return {
        label: `${'AB'[i]} ${path.relative(REPO_ROOT, settings.servicesRoot) || '.'}`,
        proc: server.proc,
        load: (durationS: number) =>
          runWrk({ wrk: settings.wrk, url: `${server.url}/`, connections: settings.httpConnections, durationS }),
      };
    }),
  );
  return [sides[0] as Contender, sides[1] as Contender];
}

/** The median over rounds of B's value divided by A's in the same round. */
function pairedRatio(
  a: SideSummary,
  b: SideSummary,
  value: (run: SideSummary['runs'][number]) => number | undefined,
): string {
  const ratios = a.runs
    .map((run, i) => {
      const [x, y] = [value(run), b.runs[i] ? value(b.runs[i]) : undefined];
      return x && y ? y / x : undefined;
    })
    .filter((r): r is number => r !== undefined);
  return ratios.length === 0
    ? '-'
    : `${median(ratios).toFixed(3)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(' ')})`;
}

/** Runs the A/B and prints the paired ratios. */
async function main(): Promise<void> {
  const [pair = 'rpc', rootA = REPO_ROOT, rootB] = process.argv.slice(2);
  if (!rootB || !['rpc', 'homepage'].includes(pair))
    throw new Error('usage: tsx bench/ab.ts rpc|homepage <root A> <root B>');
  const settings = loadSettings(process.env);
  const [a, b] = [rootA, rootB].map((root) => ({ ...settings, servicesRoot: path.resolve(root) })) as [
    BenchSettings,
    BenchSettings,
  ];
  const [sideA, sideB] = pair === 'rpc' ? await rpcContenders(a, b) : await homepageContenders(a, b);
  const [resultA, resultB] = await runPair(settings, sideA, sideB, log);
  log(`\nB/A per round, median: CPU µs/req ${pairedRatio(resultA, resultB, (run) => run.cpuUsPerRequest)}`);
  log(`                        req/s      ${pairedRatio(resultA, resultB, (run) => run.rps)}`);
  log(`others took ${resultA.otherCpuPct}% / ${resultB.otherCpuPct}% of the machine (median of A's / B's runs)`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(130)));
}

main()
  .then(stopAll)
  .catch(async (error: unknown) => {
    process.stderr.write(
      `bench-ab failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await stopAll();
    process.exit(1);
  });

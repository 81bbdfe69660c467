// `make bench`: ours against bare baselines (homepage, Recommend RPC), memory, start-up and scale-out.
// Prints a table and writes results.json and chart.svg. Configured by BENCH_* variables (lib/settings.ts).
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { compileBaselines } from './lib/baselines';
import { removeAllCreated } from './lib/docker';
import { machineInfo, startContentionMeter } from './lib/machine';
import { ourPids, stopAll } from './lib/processes';
import { REPO_ROOT, loadSettings } from './lib/settings';
import type { BenchSettings, Section } from './lib/settings';
import { round } from './lib/stats';
import { renderChart } from './report/chart';
import type { BenchResults } from './report/results';
import { formatTable } from './report/table';
import { evaluateTargets } from './report/targets';
import { benchHomepage } from './sections/homepage';
import { benchImageStartup } from './sections/image-startup';
import { benchRpc } from './sections/rpc';
import { benchScaleOut } from './sections/scale-out';
import { benchStartup } from './sections/startup';

const log = (line: string) => process.stdout.write(`${line}\n`);

/** Runs one section into the results. */
async function runSection(section: Section, settings: BenchSettings, results: BenchResults): Promise<void> {
  const started = Date.now();
  log(`\n== ${section}`);
  if (section === 'startup') results.startup = await benchStartup(settings, log);
  if (section === 'image-startup') results.imageStartup = await benchImageStartup(settings, log);
  if (section === 'homepage') results.homepage = await benchHomepage(settings, log);
  if (section === 'rpc') results.rpc = await benchRpc(settings, log);
  if (section === 'scale-out') results.scaleOut = await benchScaleOut(settings, log);
  log(`   (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** Runs the selected sections, then writes results.json and chart.svg and prints the table. */
async function main(): Promise<void> {
  const settings = loadSettings(process.env);
  compileBaselines();
  // How busy the machine is before anything of ours runs: the first hint that the numbers will be noisy.
  const quiet = startContentionMeter(ourPids);
  await sleep(2000);
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo(),
    settings: {
      durationS: settings.durationS,
      warmupS: settings.warmupS,
      rounds: settings.rounds,
      httpConnections: settings.httpConnections,
      grpcConcurrency: settings.grpcConcurrency,
      startupRuns: settings.startupRuns,
      servicesRoot: path.relative(REPO_ROOT, settings.servicesRoot) || '.',
    },
    otherCpuPctBefore: round(quiet(), 1),
    targets: [],
  };
  for (const section of settings.sections) await runSection(section, settings, results);
  results.targets = evaluateTargets(results);

  fs.mkdirSync(settings.outDir, { recursive: true });
  fs.writeFileSync(path.join(settings.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(settings.outDir, 'chart.svg'), renderChart(results));
  log(
    `\n${formatTable(results)}\n\nWrote ${path.relative(REPO_ROOT, path.join(settings.outDir, 'results.json'))} and chart.svg`,
  );
}

/** Stops every server and removes every container of this run; used on success, failure and Ctrl-C alike. */
async function cleanUp(): Promise<void> {
  await stopAll();
  await removeAllCreated();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    await cleanUp();
    process.exit(1);
  });

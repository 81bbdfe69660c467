import { setTimeout as sleep } from 'node:timers/promises';
import { startBareHomepage, startBareRecommendations } from '../lib/baselines';
import { freePort } from '../lib/processes';
import type { ServerProcess } from '../lib/processes';
import { waitForHttp, waitForPort, waitForServing } from '../lib/readiness';
import { startMarketplace, startRecommendations } from '../lib/servers';
import type { BenchSettings } from '../lib/settings';
import { median, round } from '../lib/stats';

/** Cold starts of one service: time to ready and idle memory, per run and as medians. */
export interface StartupSummary {
  service: string;
  readyMs: number;
  maxReadyMs: number;
  idleRssMb: number;
  runs: { readyMs: number; idleRssMb: number }[];
}

/** Start-up of both services, and the bare baselines' idle memory for comparison. */
export interface StartupResult {
  recommendations: StartupSummary;
  marketplace: StartupSummary;
  bareIdleRssMb: { recommendations: number; homepage: number };
}

/** How long a freshly ready process is left alone before its idle memory is read. */
const IDLE_SETTLE_MS = 2000;

/** Idle RSS: the process is ready and has served nothing. */
async function idleRss(proc: ServerProcess): Promise<number> {
  await sleep(IDLE_SETTLE_MS);
  return proc.rssMb();
}

/** One cold start of recommendations from its build output: spawn until its health port says SERVING. */
async function startRecommendationsOnce(settings: BenchSettings, run: number) {
  const server = await startRecommendations(settings, `startup-recommendations-${run}`);
  try {
    const readyAt = await waitForServing(server.healthTarget ?? '', 10_000, server.proc);
    return { readyMs: readyAt - server.proc.spawnedAt, idleRssMb: await idleRss(server.proc) };
  } finally {
    await server.proc.stop();
  }
}

/** One cold start of marketplace from its build output: spawn until `/readyz` answers 200. */
async function startMarketplaceOnce(settings: BenchSettings, run: number) {
  // Nothing listens at the target: marketplace connects lazily, on the first page, which an idle process never serves.
  const server = await startMarketplace(settings, `startup-marketplace-${run}`, `127.0.0.1:${await freePort()}`);
  try {
    const readyAt = await waitForHttp(`${server.url}/readyz`, (status) => status === 200, 10_000, server.proc);
    return { readyMs: readyAt - server.proc.spawnedAt, idleRssMb: await idleRss(server.proc) };
  } finally {
    await server.proc.stop();
  }
}

/** Medians of one service's cold starts. */
export function summarizeStarts(service: string, runs: { readyMs: number; idleRssMb: number }[]): StartupSummary {
  return {
    service,
    readyMs: round(median(runs.map((r) => r.readyMs)), 1),
    maxReadyMs: round(Math.max(...runs.map((r) => r.readyMs)), 1),
    idleRssMb: round(median(runs.map((r) => r.idleRssMb)), 1),
    runs: runs.map((r) => ({ readyMs: round(r.readyMs, 1), idleRssMb: round(r.idleRssMb, 1) })),
  };
}

/** The bare baselines' idle memory: what Node, grpc-js and the proto cost before any layer of ours. */
async function bareIdle(settings: BenchSettings): Promise<StartupResult['bareIdleRssMb']> {
  const rpc = await startBareRecommendations(settings, 'startup-bare-recommendations');
  const home = await startBareHomepage(settings, 'startup-bare-homepage', `127.0.0.1:${await freePort()}`);
  try {
    await waitForPort(Number(rpc.target.split(':')[1]), 10_000, rpc.proc);
    await waitForPort(Number(new URL(home.url).port), 10_000, home.proc);
    const [recommendations, homepage] = await Promise.all([idleRss(rpc.proc), idleRss(home.proc)]);
    return { recommendations: round(recommendations, 1), homepage: round(homepage, 1) };
  } finally {
    await Promise.all([rpc.proc.stop(), home.proc.stop()]);
  }
}

/** Cold-starts each service `startupRuns` times, alternating them, one process at a time. */
export async function benchStartup(settings: BenchSettings, log: (line: string) => void): Promise<StartupResult> {
  const recommendations = [];
  const marketplace = [];
  for (let run = 1; run <= settings.startupRuns; run += 1) {
    const rec = await startRecommendationsOnce(settings, run);
    const mkt = await startMarketplaceOnce(settings, run);
    recommendations.push(rec);
    marketplace.push(mkt);
    log(
      `  run ${run}: recommendations ready in ${rec.readyMs.toFixed(0)} ms (idle ${rec.idleRssMb.toFixed(1)} MB), ` +
        `marketplace ready in ${mkt.readyMs.toFixed(0)} ms (idle ${mkt.idleRssMb.toFixed(1)} MB)`,
    );
  }
  const bareIdleRssMb = await bareIdle(settings);
  log(
    `  bare baselines idle: grpc-js ${bareIdleRssMb.recommendations} MB, node:http + grpc-js client ${bareIdleRssMb.homepage} MB`,
  );
  return {
    recommendations: summarizeStarts('recommendations', recommendations),
    marketplace: summarizeStarts('marketplace', marketplace),
    bareIdleRssMb,
  };
}

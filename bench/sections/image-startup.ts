import { setTimeout as sleep } from 'node:timers/promises';
import {
  DOCKER_PREFIX,
  createNetwork,
  docker,
  imageExists,
  publishedPort,
  removeAllCreated,
  removeContainer,
  runContainer,
} from '../lib/docker';
import { CONFIG_ENV } from '../baselines/baseline-config';
import { BASELINES_DIR, bareRecommendationsConfig } from '../lib/baselines';
import { processStartMs, uptimeMs } from '../lib/machine';
import { rssOfPid } from '../lib/processes';
import { waitForHttp, waitForListening, waitForServing } from '../lib/readiness';
import type { BenchSettings } from '../lib/settings';
import { median, round } from '../lib/stats';
import { BENCH_IMAGES } from './scale-out';
import { summarizeStarts } from './startup';
import type { StartupSummary } from './startup';

/**
 * The floor under the images' idle RSS, on the same image (its Node, its node_modules): a Node that only
 * waits, and the bare grpc-js server (baselines/bare-recommendations.ts) listening. Medians in MB.
 */
export interface ImageRssFloor {
  /** `node --version` in the image. */
  nodeVersion: string;
  bareNodeMb: number;
  bareGrpcJsMb: number;
  runs: { bareNodeMb: number; bareGrpcJsMb: number }[];
}

/** Cold starts of both images (Node of the image, read-only root): time to ready and idle memory. */
export interface ImageStartupResult {
  recommendations: StartupSummary;
  marketplace: StartupSummary;
  /** Absent in results written before it was measured. */
  floor?: ImageRssFloor;
}

/** Where the transpiled baselines are mounted in the container: under /app, so they resolve its node_modules. */
const BASELINES_MOUNT = '/app/bench-baselines';
/** The gRPC port the bare server listens on inside its container. */
const BARE_PORT = 50051;

/** How long a freshly ready container is left alone before its idle memory is read. */
const IDLE_SETTLE_MS = 2000;

/**
 * One cold start of an image. The clock starts when the container's main process started (read from /proc
 * as the host sees it, so `docker run`'s own overhead is not counted) and stops at the first ready answer.
 */
async function coldStart(service: 'recommendations' | 'marketplace', network: string, run: number) {
  const name = `${DOCKER_PREFIX}-start-${service}-${run}`;
  const readyPort = service === 'recommendations' ? 50052 : 8080;
  const pid = await runContainer({
    name,
    image: BENCH_IMAGES[service],
    network,
    aliases: [],
    env: {},
    publish: [readyPort],
  });
  try {
    const port = await publishedPort(name, readyPort);
    if (service === 'recommendations') await waitForServing(`127.0.0.1:${port}`, 15_000);
    else await waitForHttp(`http://127.0.0.1:${port}/readyz`, (status) => status === 200, 15_000);
    const readyMs = uptimeMs() - processStartMs(pid);
    await sleep(IDLE_SETTLE_MS);
    return { readyMs, idleRssMb: rssOfPid(pid) };
  } finally {
    await removeContainer(name);
  }
}

/**
 * One start of the recommendations image running something else than the service: `node -e` that only waits,
 * or the bare grpc-js server (the transpiled baseline mounted read-only, the image's shared dist for the
 * contract). Idle RSS read 2 s after it started (the bare server: after it listens), as for the services.
 */
async function floorStart(kind: 'node' | 'grpc', network: string, run: number): Promise<number> {
  const name = `${DOCKER_PREFIX}-floor-${kind}-${run}`;
  const config = bareRecommendationsConfig('0.0.0.0', BARE_PORT, '/app/services/shared/dist/proto.js');
  const pid = await runContainer({
    name,
    image: BENCH_IMAGES.recommendations,
    network,
    aliases: [],
    env: kind === 'grpc' ? { [CONFIG_ENV]: JSON.stringify(config) } : {},
    publish: [],
    mounts: kind === 'grpc' ? [{ source: BASELINES_DIR, target: BASELINES_MOUNT }] : [],
    command:
      kind === 'grpc'
        ? ['node', `${BASELINES_MOUNT}/bare-recommendations.js`]
        : ['node', '-e', 'setInterval(() => {}, 1e9)'],
  });
  try {
    if (kind === 'grpc') await waitForListening(pid, BARE_PORT, 15_000);
    await sleep(IDLE_SETTLE_MS);
    return rssOfPid(pid);
  } finally {
    await removeContainer(name);
  }
}

/** Cold-starts each image `startupRuns` times, alternating, one container at a time. */
export async function benchImageStartup(
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<ImageStartupResult> {
  for (const image of Object.values(BENCH_IMAGES)) {
    if (!(await imageExists(image))) throw new Error(`image ${image} is missing: run \`make bench-images\` first`);
  }
  const network = `${DOCKER_PREFIX}-start-net`;
  try {
    await createNetwork(network);
    const recommendations = [];
    const marketplace = [];
    const floorRuns: ImageRssFloor['runs'] = [];
    for (let run = 1; run <= settings.startupRuns; run += 1) {
      const rec = await coldStart('recommendations', network, run);
      const mkt = await coldStart('marketplace', network, run);
      const bare = {
        bareNodeMb: await floorStart('node', network, run),
        bareGrpcJsMb: await floorStart('grpc', network, run),
      };
      recommendations.push(rec);
      marketplace.push(mkt);
      floorRuns.push(bare);
      log(
        `  run ${run}: recommendations image ready in ${rec.readyMs.toFixed(0)} ms (idle ${rec.idleRssMb.toFixed(1)} MB), ` +
          `marketplace image ready in ${mkt.readyMs.toFixed(0)} ms (idle ${mkt.idleRssMb.toFixed(1)} MB); ` +
          `on the same image idle node ${bare.bareNodeMb.toFixed(1)} MB, bare grpc-js ${bare.bareGrpcJsMb.toFixed(1)} MB`,
      );
    }
    return {
      recommendations: summarizeStarts('recommendations', recommendations),
      marketplace: summarizeStarts('marketplace', marketplace),
      floor: {
        nodeVersion: await docker(['run', '--rm', '--read-only', BENCH_IMAGES.recommendations, 'node', '--version']),
        bareNodeMb: round(median(floorRuns.map((r) => r.bareNodeMb)), 1),
        bareGrpcJsMb: round(median(floorRuns.map((r) => r.bareGrpcJsMb)), 1),
        runs: floorRuns.map((r) => ({ bareNodeMb: round(r.bareNodeMb, 1), bareGrpcJsMb: round(r.bareGrpcJsMb, 1) })),
      },
    };
  } finally {
    await removeAllCreated();
  }
}

import { setTimeout as sleep } from 'node:timers/promises';
import {
  DOCKER_PREFIX,
  createNetwork,
  imageExists,
  publishedPort,
  removeAllCreated,
  removeContainer,
  runContainer,
} from '../lib/docker';
import { processStartMs, uptimeMs } from '../lib/machine';
import { rssOfPid } from '../lib/processes';
import { waitForHttp, waitForServing } from '../lib/readiness';
import type { BenchSettings } from '../lib/settings';
import { BENCH_IMAGES } from './scale-out';
import { summarizeStarts } from './startup';
import type { StartupSummary } from './startup';

/** Cold starts of both images (Node of the image, read-only root): time to ready and idle memory. */
export interface ImageStartupResult {
  recommendations: StartupSummary;
  marketplace: StartupSummary;
}

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
    for (let run = 1; run <= settings.startupRuns; run += 1) {
      const rec = await coldStart('recommendations', network, run);
      const mkt = await coldStart('marketplace', network, run);
      recommendations.push(rec);
      marketplace.push(mkt);
      log(
        `  run ${run}: recommendations image ready in ${rec.readyMs.toFixed(0)} ms (idle ${rec.idleRssMb.toFixed(1)} MB), ` +
          `marketplace image ready in ${mkt.readyMs.toFixed(0)} ms (idle ${mkt.idleRssMb.toFixed(1)} MB)`,
      );
    }
    return {
      recommendations: summarizeStarts('recommendations', recommendations),
      marketplace: summarizeStarts('marketplace', marketplace),
    };
  } finally {
    await removeAllCreated();
  }
}

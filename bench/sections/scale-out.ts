import { sampleValue } from '@bookstore/testing';
import {
  DOCKER_PREFIX,
  createNetwork,
  docker,
  imageExists,
  publishedPort,
  removeAllCreated,
  runContainer,
} from '../lib/docker';
import type { LoadResult } from '../lib/load-result';
import { runPair } from '../lib/pair';
import type { SideSummary } from '../lib/pair';
import { waitForHttp } from '../lib/readiness';
import type { BenchSettings } from '../lib/settings';
import { median, round } from '../lib/stats';
import { runWrk } from '../lib/wrk';

/** The images `make bench-images` builds from the services' Dockerfiles. */
export const BENCH_IMAGES = {
  recommendations: 'bookstore/recommendations:bench',
  marketplace: 'bookstore/marketplace:bench',
};

/** Homepage throughput with one and with three recommendations replicas, and how evenly three share the calls. */
export interface ScaleOutResult {
  one: SideSummary;
  three: SideSummary;
  /** Median over the three-replica runs of (most calls on a replica) / (fewest calls on a replica). */
  spreadMaxMin: number;
  /** Recommend calls each replica answered during each three-replica run. */
  callsPerReplica: number[][];
}

const REPLICAS = 3;
const ALIAS_ONE = 'recommendations-one';
const ALIAS_ALL = 'recommendations-all';

/** Recommend calls a replica has answered OK so far, read from its /metrics. */
async function answered(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return sampleValue(text, 'grpc_server_handled_total', { grpc_method: 'Recommend', grpc_code: 'OK' }) ?? 0;
}

/** The last lines a container wrote, for an error message that explains a failed start. */
async function tail(container: string): Promise<string> {
  return docker(['logs', '--tail', '15', container]).catch((error: unknown) => String(error));
}

/**
 * Three recommendations containers share the alias `recommendations-all`; the first also answers to
 * `recommendations-one`. Two marketplace containers use one alias each, so the 1-replica and 3-replica
 * setups run side by side and wrk alternates between them. Replica metrics ports are published on 127.0.0.1.
 */
async function startTopology(network: string) {
  await createNetwork(network);
  const replicas = Array.from({ length: REPLICAS }, (_, i) => `${DOCKER_PREFIX}-recommendations-${i + 1}`);
  for (const [i, name] of replicas.entries()) {
    await runContainer({
      name,
      image: BENCH_IMAGES.recommendations,
      network,
      env: {},
      aliases: i === 0 ? [ALIAS_ONE, ALIAS_ALL] : [ALIAS_ALL],
      publish: [9464],
    });
  }
  const marketplaces = { one: `${DOCKER_PREFIX}-marketplace-one`, three: `${DOCKER_PREFIX}-marketplace-three` };
  for (const [key, alias] of [
    ['one', ALIAS_ONE],
    ['three', ALIAS_ALL],
  ] as const) {
    await runContainer({
      name: marketplaces[key],
      image: BENCH_IMAGES.marketplace,
      network,
      aliases: [],
      env: { RECOMMENDATIONS_HOST: alias },
      publish: [8080],
    });
  }
  const metricsPorts = await Promise.all(replicas.map((name) => publishedPort(name, 9464)));
  const urls = {
    one: `http://127.0.0.1:${await publishedPort(marketplaces.one, 8080)}/`,
    three: `http://127.0.0.1:${await publishedPort(marketplaces.three, 8080)}/`,
  };
  for (const [i, port] of metricsPorts.entries()) {
    const name = replicas[i] ?? '';
    await waitForHttp(`http://127.0.0.1:${port}/metrics`, (status) => status === 200, 30_000).catch(
      async (error: unknown) => {
        throw new Error(`${name} did not come up: ${String(error)}\n${await tail(name)}`);
      },
    );
  }
  for (const key of ['one', 'three'] as const) {
    await waitForHttp(urls[key], (status, body) => status === 200 && body.includes('<li>'), 30_000).catch(
      async (error: unknown) => {
        throw new Error(`${marketplaces[key]} serves no books: ${String(error)}\n${await tail(marketplaces[key])}`);
      },
    );
  }
  return { metricsPorts, urls };
}

/** Runs the scale-out pair in containers built from the Dockerfiles; removes them whatever happens. */
export async function benchScaleOut(settings: BenchSettings, log: (line: string) => void): Promise<ScaleOutResult> {
  for (const image of Object.values(BENCH_IMAGES)) {
    if (!(await imageExists(image))) throw new Error(`image ${image} is missing: run \`make bench-images\` first`);
  }
  try {
    const { metricsPorts, urls } = await startTopology(`${DOCKER_PREFIX}-net`);
    const wrk = (url: string, durationS: number) =>
      runWrk({ wrk: settings.wrk, url, connections: settings.httpConnections, durationS });
    const callsPerReplica: number[][] = [];
    // Per-replica calls are counted around measured runs only: the warm-ups are not part of the spread.
    const loadThree = async (durationS: number, measured: boolean): Promise<LoadResult> => {
      if (!measured) return wrk(urls.three, durationS);
      const before = await Promise.all(metricsPorts.map(answered));
      const result = await wrk(urls.three, durationS);
      const after = await Promise.all(metricsPorts.map(answered));
      callsPerReplica.push(after.map((count, i) => count - (before[i] ?? 0)));
      return result;
    };
    const [one, three] = await runPair(
      settings,
      { label: '1 replica', load: (durationS) => wrk(urls.one, durationS) },
      { label: `${REPLICAS} replicas`, load: loadThree },
      log,
    );
    const spreads = callsPerReplica.map((calls) => Math.max(...calls) / Math.max(1, Math.min(...calls)));
    return { one, three, spreadMaxMin: round(median(spreads), 3), callsPerReplica };
  } finally {
    await removeAllCreated();
  }
}

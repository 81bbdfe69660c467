import path from 'node:path';
import { intInRange, parseEnv, str } from '@bookstore/shared';

/** The repository root (bench/lib/ is two levels down). */
export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The benchmark's sections, in the order they run. */
export const SECTIONS = ['startup', 'image-startup', 'homepage', 'rpc', 'scale-out'] as const;

export type Section = (typeof SECTIONS)[number];

/** Parses BENCH_SECTIONS; an unknown name is a mistake worth stopping for, not something to skip silently. */
function parseSections(value: string): Section[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`BENCH_SECTIONS: unknown ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return SECTIONS.filter((section) => names.includes(section));
}

/** How long and how hard the benchmark loads the services; `make bench-quick` shortens it through the env. */
export interface BenchSettings {
  /** Seconds of each measured run. */
  durationS: number;
  /** Seconds of load before each measured run, thrown away (JIT, pools, connections). */
  warmupS: number;
  /** Runs of each side of a pair, alternated ours/baseline, so machine noise hits both alike. */
  rounds: number;
  /** Open HTTP connections of wrk. */
  httpConnections: number;
  /** Concurrent calls of ghz, over one HTTP/2 connection, like marketplace's single channel. */
  grpcConcurrency: number;
  /** Cold starts per service for the start-up time and idle memory. */
  startupRuns: number;
  /** Where the services' build output lives: this tree, or a scratch copy carrying a candidate fix. */
  servicesRoot: string;
  /** Where results.json and chart.svg go. */
  outDir: string;
  /** Which sections run (BENCH_SECTIONS, comma-separated); all of them by default. */
  sections: Section[];
  /** Start the services under `node --cpu-prof`, profiles into bench/tmp/profiles. */
  cpuProfile: boolean;
  ghz: string;
  wrk: string;
}

/** Reads BENCH_* from the environment, validated like the services' own config. */
export function loadSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const parsed = parseEnv(env, {
    BENCH_DURATION_S: intInRange(1, 120)({ default: 8 }),
    BENCH_WARMUP_S: intInRange(1, 60)({ default: 2 }),
    BENCH_ROUNDS: intInRange(1, 15)({ default: 4 }),
    BENCH_HTTP_CONNECTIONS: intInRange(1, 1000)({ default: 32 }),
    BENCH_GRPC_CONCURRENCY: intInRange(1, 1000)({ default: 32 }),
    BENCH_STARTUP_RUNS: intInRange(1, 20)({ default: 5 }),
    BENCH_SERVICES_ROOT: str({ default: REPO_ROOT }),
    BENCH_OUT_DIR: str({ default: path.join(REPO_ROOT, 'bench') }),
    BENCH_SECTIONS: str({ default: SECTIONS.join(','), desc: `Comma-separated subset of ${SECTIONS.join(', ')}` }),
    BENCH_CPU_PROFILE: intInRange(0, 1)({ default: 0 }),
    GHZ: str({ default: 'ghz' }),
    WRK: str({ default: 'wrk' }),
  });
  return {
    durationS: parsed.BENCH_DURATION_S,
    warmupS: parsed.BENCH_WARMUP_S,
    rounds: parsed.BENCH_ROUNDS,
    httpConnections: parsed.BENCH_HTTP_CONNECTIONS,
    grpcConcurrency: parsed.BENCH_GRPC_CONCURRENCY,
    startupRuns: parsed.BENCH_STARTUP_RUNS,
    servicesRoot: path.resolve(parsed.BENCH_SERVICES_ROOT),
    outDir: path.resolve(parsed.BENCH_OUT_DIR),
    sections: parseSections(parsed.BENCH_SECTIONS),
    cpuProfile: parsed.BENCH_CPU_PROFILE === 1,
    ghz: parsed.GHZ,
    wrk: parsed.WRK,
  };
}

/** Scratch space (gitignored): compiled baselines, logs, profiles. */
export const TMP_DIR = path.join(REPO_ROOT, 'bench/tmp');

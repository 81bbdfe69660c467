import type { machineInfo } from '../lib/machine';
import type { BenchSettings } from '../lib/settings';
import type { HomepageResult } from '../sections/homepage';
import type { ImageStartupResult } from '../sections/image-startup';
import type { RpcResult } from '../sections/rpc';
import type { ScaleOutResult } from '../sections/scale-out';
import type { StartupResult } from '../sections/startup';

/** One target of the issue, as measured: met or not, with the numbers that decided it. */
export interface TargetResult {
  target: string;
  measured: string;
  met: boolean;
}

/** Everything one benchmark run found; written to results.json and drawn in chart.svg. */
export interface BenchResults {
  generatedAt: string;
  machine: ReturnType<typeof machineInfo>;
  /** The settings that shape the figures (not where output, tools and profiles went). */
  settings: Pick<
    BenchSettings,
    'durationS' | 'warmupS' | 'rounds' | 'httpConnections' | 'grpcConcurrency' | 'startupRuns' | 'servicesRoot'
  >;
  /** CPU other people's processes took in the seconds before the benchmark started, in % of all cores. */
  otherCpuPctBefore: number;
  startup?: StartupResult;
  imageStartup?: ImageStartupResult;
  homepage?: HomepageResult;
  rpc?: RpcResult;
  scaleOut?: ScaleOutResult;
  targets: TargetResult[];
}

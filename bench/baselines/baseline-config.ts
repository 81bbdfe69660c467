import type { CategoryPage } from '@bookstore/marketplace/categories';
import type { RecommendationRequest, loadRecommendationsProto } from '@bookstore/shared';

/**
 * What the harness hands a bare baseline server (as JSON in BENCH_BASELINE_CONFIG): where to listen, and the
 * settings our service uses, taken from our code by the harness, so the baseline does the same work with them.
 */
export interface BaselineConfig {
  host: string;
  port: number;
  /** Absolute path of services/shared/dist/proto.js: the contract loaded exactly as the services load it. */
  protoModule: string;
}

/** The bare homepage: one Recommend call with marketplace's channel settings, then HTML from a template literal. */
export interface HomepageBaselineConfig extends BaselineConfig {
  target: string;
  channelOptions: Record<string, string | number>;
  deadlineMs: number;
  request: RecommendationRequest;
}

/** The prescribed-stack homepage: the bare homepage's call, rendered by Koa, @koa/router and nunjucks from our views. */
export interface StackHomepageBaselineConfig extends HomepageBaselineConfig {
  /** marketplace's views/ under the services root being benchmarked. */
  viewsDir: string;
  /** What marketplace's homepage hands its template besides the books: its category and the navigation. */
  page: { current: CategoryPage; categories: readonly CategoryPage[] };
}

/** The bare Recommend server: recommendations' server options, one fixed response of the same size. */
export interface RpcBaselineConfig extends BaselineConfig {
  serverOptions: Record<string, number>;
  response: { recommendations: { id: number; title: string }[] };
}

/** The environment variable the harness passes the config in. */
export const CONFIG_ENV = 'BENCH_BASELINE_CONFIG';

/** Parses the config the harness passed; a baseline started by hand without one fails at once. */
export function readConfig<T extends BaselineConfig>(): T {
  const raw = process.env[CONFIG_ENV];
  if (!raw) throw new Error(`${CONFIG_ENV} is not set: baselines are started by bench/run.ts`);
  return JSON.parse(raw) as T;
}

/** Loads shared's build output by path: proto loading only, none of the layers (pino, prom-client) under test. */
export async function loadSharedProto(
  config: BaselineConfig,
): Promise<{ loadRecommendationsProto: typeof loadRecommendationsProto }> {
  return (await import(config.protoModule)) as { loadRecommendationsProto: typeof loadRecommendationsProto };
}

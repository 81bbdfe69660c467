import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { DEFAULT_LIMIT, DEFAULT_USER_ID } from '@bookstore/marketplace/category-page';
import { CATEGORY_PAGES, HOME_CATEGORY } from '@bookstore/marketplace/categories';
import { loadConfig as loadMarketplaceConfig } from '@bookstore/marketplace/config';
import { CHANNEL_OPTIONS } from '@bookstore/marketplace/recommendations-client';
import { CATALOGUE } from '@bookstore/recommendations/catalogue';
import { loadConfig as loadRecommendationsConfig } from '@bookstore/recommendations/config';
import { recommendationsServerOptions } from '@bookstore/recommendations/server-options';
import { CONFIG_ENV } from '../baselines/baseline-config';
import type {
  BaselineConfig,
  HomepageBaselineConfig,
  RpcBaselineConfig,
  StackHomepageBaselineConfig,
} from '../baselines/baseline-config';
import { freePort, startNode } from './processes';
import type { BenchSettings } from './settings';
import { REPO_ROOT, TMP_DIR } from './settings';
import type { GrpcServer, HttpServer } from './servers';
import { PRODUCTION_ENV, nodeArgs } from './servers';

const SOURCE_DIR = path.join(REPO_ROOT, 'bench/baselines');
/** Where compileBaselines writes the baselines' JavaScript. */
export const BASELINES_DIR = path.join(TMP_DIR, 'baselines');
const OUT_DIR = BASELINES_DIR;

/**
 * Transpiles bench/baselines/*.ts to CommonJS in bench/tmp/baselines, so the baselines run under plain `node`
 * like the services' build output (tsx would add a loader thread and its memory). Types are checked by tsc.
 */
export function compileBaselines(): void {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const file of fs.readdirSync(SOURCE_DIR).filter((name) => name.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(fs.readFileSync(path.join(SOURCE_DIR, file), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    fs.writeFileSync(path.join(OUT_DIR, file.replace(/\.ts$/, '.js')), outputText);
  }
}

/** The shared proto loader in the build output that is being benchmarked. */
function protoModule(settings: BenchSettings): string {
  return path.join(settings.servicesRoot, 'services/shared/dist/proto.js');
}

/** The Recommend request marketplace's homepage sends; the RPC pair is loaded with it too. */
export const HOMEPAGE_REQUEST = {
  user_id: DEFAULT_USER_ID,
  category: HOME_CATEGORY.category,
  max_results: DEFAULT_LIMIT,
};

/** What both homepage baselines need: where to listen, and marketplace's channel settings, deadline and request. */
async function homepageConfig(settings: BenchSettings, target: string): Promise<HomepageBaselineConfig> {
  return {
    host: '127.0.0.1',
    port: await freePort(),
    protoModule: protoModule(settings),
    target: `dns:///${target}`,
    channelOptions: CHANNEL_OPTIONS,
    deadlineMs: loadMarketplaceConfig({}).recommendations.deadlineMs,
    request: HOMEPAGE_REQUEST,
  };
}

/** Starts one compiled baseline with its config; the harness reaches it at the config's port. */
function startHttpBaseline(settings: BenchSettings, name: string, file: string, config: BaselineConfig): HttpServer {
  const proc = startNode(
    name,
    path.join(OUT_DIR, file),
    { ...PRODUCTION_ENV, [CONFIG_ENV]: JSON.stringify(config) },
    nodeArgs(settings, name),
  );
  return { proc, url: `http://${config.host}:${config.port}` };
}

/** Starts the bare homepage server, calling recommendations at `target` as marketplace does (dns:///host:port). */
export async function startBareHomepage(settings: BenchSettings, name: string, target: string): Promise<HttpServer> {
  return startHttpBaseline(settings, name, 'bare-homepage.js', await homepageConfig(settings, target));
}

/** Starts the prescribed-stack homepage (Koa, @koa/router, nunjucks on marketplace's views), calling `target`. */
export async function startStackHomepage(settings: BenchSettings, name: string, target: string): Promise<HttpServer> {
  const config: StackHomepageBaselineConfig = {
    ...(await homepageConfig(settings, target)),
    viewsDir: path.join(settings.servicesRoot, 'services/marketplace/views'),
    page: { current: HOME_CATEGORY, categories: CATEGORY_PAGES },
  };
  return startHttpBaseline(settings, name, 'stack-homepage.js', config);
}

/** The response ours gives the benchmark's request: as many books, of the same category, so the same bytes. */
export function benchResponse(): RpcBaselineConfig['response'] {
  const books = CATALOGUE.filter((book) => book.category === HOME_CATEGORY.category).slice(0, DEFAULT_LIMIT);
  return { recommendations: books.map(({ id, title }) => ({ id, title })) };
}

/** The bare Recommend server's config: recommendations' default server options, without its interceptors. */
export function bareRecommendationsConfig(host: string, port: number, protoModulePath: string): RpcBaselineConfig {
  return {
    host,
    port,
    protoModule: protoModulePath,
    // Every option is a number; the interceptors, our layers the bare server is compared without, are not.
    serverOptions: Object.fromEntries(
      Object.entries(recommendationsServerOptions(loadRecommendationsConfig({}))).filter(
        (entry): entry is [string, number] => typeof entry[1] === 'number',
      ),
    ),
    response: benchResponse(),
  };
}

/** Starts the bare Recommend server on loopback, from the build output under test. */
export async function startBareRecommendations(settings: BenchSettings, name: string): Promise<GrpcServer> {
  const config = bareRecommendationsConfig('127.0.0.1', await freePort(), protoModule(settings));
  const port = config.port;
  const proc = startNode(
    name,
    path.join(OUT_DIR, 'bare-recommendations.js'),
    {
      ...PRODUCTION_ENV,
      [CONFIG_ENV]: JSON.stringify(config),
    },
    nodeArgs(settings, name),
  );
  return { proc, target: `127.0.0.1:${port}` };
}

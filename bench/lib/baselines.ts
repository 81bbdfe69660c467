import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { DEFAULT_LIMIT, DEFAULT_USER_ID } from '@bookstore/marketplace/category-page';
import { HOME_CATEGORY } from '@bookstore/marketplace/categories';
import { loadConfig as loadMarketplaceConfig } from '@bookstore/marketplace/config';
import { CHANNEL_OPTIONS } from '@bookstore/marketplace/recommendations-client';
import { CATALOGUE } from '@bookstore/recommendations/catalogue';
import { loadConfig as loadRecommendationsConfig } from '@bookstore/recommendations/config';
import { CONFIG_ENV } from '../baselines/baseline-config';
import type { HomepageBaselineConfig, RpcBaselineConfig } from '../baselines/baseline-config';
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

/** Starts the bare homepage server, calling recommendations at `target` as marketplace does (dns:///host:port). */
export async function startBareHomepage(settings: BenchSettings, name: string, target: string): Promise<HttpServer> {
  const port = await freePort();
  const config: HomepageBaselineConfig = {
    host: '127.0.0.1',
    port,
    protoModule: protoModule(settings),
    target: `dns:///${target}`,
    channelOptions: CHANNEL_OPTIONS,
    deadlineMs: loadMarketplaceConfig({}).recommendations.deadlineMs,
    request: HOMEPAGE_REQUEST,
  };
  const proc = startNode(
    name,
    path.join(OUT_DIR, 'bare-homepage.js'),
    {
      ...PRODUCTION_ENV,
      [CONFIG_ENV]: JSON.stringify(config),
    },
    nodeArgs(settings, name),
  );
  return { proc, url: `http://127.0.0.1:${port}` };
}

/** The response ours gives the benchmark's request: as many books, of the same category, so the same bytes. */
export function benchResponse(): RpcBaselineConfig['response'] {
  const books = CATALOGUE.filter((book) => book.category === HOME_CATEGORY.category).slice(0, DEFAULT_LIMIT);
  return { recommendations: books.map(({ id, title }) => ({ id, title })) };
}

/** The bare Recommend server's config: recommendations' default server options (as createRecommendationsApp sets them). */
export function bareRecommendationsConfig(host: string, port: number, protoModulePath: string): RpcBaselineConfig {
  const defaults = loadRecommendationsConfig({});
  return {
    host,
    port,
    protoModule: protoModulePath,
    serverOptions: {
      'grpc.max_connection_age_ms': defaults.maxConnectionAgeMs,
      'grpc.max_connection_age_grace_ms': defaults.shutdownGraceMs,
      'grpc.max_receive_message_length': defaults.maxReceiveMessageBytes,
    },
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

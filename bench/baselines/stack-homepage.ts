// The prescribed-stack homepage: the framework the design prescribes (Koa, @koa/router, nunjucks) rendering
// marketplace's own templates from one Recommend call on a channel with marketplace's settings, and nothing
// else: no metrics, security headers, guards, drain, error pages or interceptors. The ratio ours/this is what
// our production features cost; this/bare node:http is what the stack costs.
import http from 'node:http';
import * as grpc from '@grpc/grpc-js';
import Koa from 'koa';
import { Router } from '@koa/router';
import nunjucks from 'nunjucks';
import type { BookRecommendation__Output } from '@bookstore/shared';
import { loadSharedProto, readConfig } from './baseline-config';
import type { StackHomepageBaselineConfig } from './baseline-config';

/** Starts the server; the harness learns it is up by fetching a page. */
async function main(): Promise<void> {
  const config = readConfig<StackHomepageBaselineConfig>();
  const { Recommendations } = (await loadSharedProto(config)).loadRecommendationsProto();
  const client = new Recommendations(config.target, grpc.credentials.createInsecure(), config.channelOptions);
  const recommend = () =>
    new Promise<BookRecommendation__Output[]>((resolve, reject) => {
      client.Recommend(config.request, { deadline: Date.now() + config.deadlineMs }, (error, response) => {
        if (error || !response) reject(error ?? new Error('empty response'));
        else resolve(response.recommendations);
      });
    });
  // nunjucks as its documentation configures it for HTML: a file loader with its cache, and autoescaping.
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(config.viewsDir), { autoescape: true });
  const { current, categories } = config.page;

  const router = new Router().get('/', async (ctx) => {
    const books = await recommend();
    ctx.type = 'html';
    ctx.body = env.render('category.njk', { current, categories, books, unavailable: false });
  });
  const koa = new Koa().use(router.routes()).use(router.allowedMethods());
  const handle = koa.callback();
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  server.listen(config.port, config.host);
  process.on('SIGTERM', () => {
    client.close();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`stack-homepage failed: ${String(error)}\n`);
  process.exit(1);
});

import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import Koa from 'koa';
import { Router } from '@koa/router';
import type { Registry } from 'prom-client';
import {
  closeHttpServer,
  counter,
  createMetricsRegistry,
  createOpsServers,
  createServiceHealth,
  httpServerOptions,
  listen,
} from '@bookstore/shared';
import type { Logger, ServiceHealth } from '@bookstore/shared';
import type { MarketplaceConfig } from './config';
import { createRecommendationsClient } from './recommendations-client';
import { createRenderer } from './views';
import { answerClientErrors } from './http/client-errors';
import { errorPages, logAppErrors } from './http/error-pages';
import { servedMethodsOnly, singleHostHeader } from './http/request-guards';
import { requestMetrics } from './http/request-metrics';
import { securityHeaders } from './http/security-headers';
import { staticFiles } from './http/static-files';
import { healthRoutes } from './routes/health';
import { pageRoutes } from './routes/pages';

/** The service name marketplace's gRPC health reports besides `""`. */
export const HEALTH_SERVICE_NAME = 'marketplace';

/** What the app is built from; tests pass their own logger or registry. */
export interface MarketplaceDeps {
  config: MarketplaceConfig;
  logger: Logger;
  registry?: Registry;
}

/** The ports actually bound (the OS's picks where the config said 0). */
export interface BoundPorts {
  http: number;
  health: number;
  metrics: number;
}

/** A built, not yet listening, marketplace. */
export interface MarketplaceApp {
  readonly koa: Koa;
  readonly health: ServiceHealth;
  readonly registry: Registry;
  /** Binds every port, then reports ready. */
  listen(): Promise<BoundPorts>;
  /** Goes unready, drains in-flight requests within the grace period, then closes everything. */
  close(): Promise<void>;
}

/** Builds the Koa app, its HTTP server, the gRPC health server, the metrics server and the one gRPC channel. */
export function createMarketplaceApp({ config, logger, ...deps }: MarketplaceDeps): MarketplaceApp {
  const registry = deps.registry ?? createMetricsRegistry();
  const render = createRenderer();
  const readiness = { draining: false };
  const health = createServiceHealth([HEALTH_SERVICE_NAME]);
  const recommendations = createRecommendationsClient(config.recommendations, registry);
  const degraded = counter(registry, {
    name: 'marketplace_degraded_renders_total',
    help: 'Pages rendered without recommendations because the call failed, by gRPC status.',
    labelNames: ['reason'],
  });

  const router = new Router()
    .use(healthRoutes(readiness).routes())
    .use(
      pageRoutes({
        render,
        fetchRecommendations: (request) => recommendations.recommend(request),
        onDegraded: (reason) => degraded.inc({ reason }),
      }).routes(),
    )
    .get('/static/:file', staticFiles());

  const koa = new Koa();
  koa.on('error', logAppErrors(logger));
  koa
    .use(requestMetrics(registry))
    .use(securityHeaders())
    .use(async (ctx, next) => {
      await next();
      // Decided when the response goes out, not when the request came in: a request that started before
      // draining must still close its keep-alive connection, or it would hold the drain until the grace ends.
      if (readiness.draining) ctx.set('Connection', 'close');
    })
    .use(errorPages(render))
    .use(singleHostHeader())
    .use(servedMethodsOnly())
    .use(router.routes())
    .use(router.allowedMethods());

  const handle = koa.callback();
  // requireHostHeader is off because singleHostHeader() answers a missing Host with the error page.
  const server = http.createServer(
    { ...httpServerOptions(config.connections), requireHostHeader: false },
    (req, res) => {
      void handle(req, res);
    },
  );
  answerClientErrors(server, render);
  const ops = createOpsServers(health, registry, config.connections);

  return {
    koa,
    health,
    registry,
    async listen() {
      const ports = {
        http: await listen(server, config.port, config.host),
        ...(await ops.listen(config.host, config.healthPort, config.metricsPort)),
      };
      health.markServing();
      logger.info(
        { ports, recommendations: `${config.recommendations.host}:${config.recommendations.port}` },
        'marketplace listening',
      );
      return ports;
    },
    async close() {
      readiness.draining = true;
      health.markNotServing();
      if (config.shutdownDelayMs > 0) await sleep(config.shutdownDelayMs);
      const outcome = await closeHttpServer(server, config.shutdownGraceMs);
      logger.info({ outcome }, 'HTTP server drained');
      recommendations.close();
      await ops.close();
    },
  };
}

import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import {
  bindServer,
  createMetricsRegistry,
  createOpsServers,
  createServiceHealth,
  createStreamCloser,
  loadHealthDefinition,
  loadRecommendationsDefinition,
  loadRecommendationsProto,
  serverCredentials,
  shutdownServer,
} from '@bookstore/shared';
import type { Logger, ServiceHealth } from '@bookstore/shared';
import { CATALOGUE } from './catalogue';
import type { RecommendationsConfig } from './config';
import { createRecommender } from './recommend';
import { addReflection } from './grpc/reflection';
import { Recommend } from './grpc/recommend-handler';
import { recommendationsServerOptions } from './grpc/server-options';
import type { RecommendFn } from './grpc/recommend-handler';
import { unary } from './grpc/unary';

/** The name clients and probes check besides `""`: the service name of the contract. */
export const HEALTH_SERVICE_NAME = 'Recommendations';

/** What the app is built from; tests pass their own logger, registry or recommend function. */
export interface RecommendationsDeps {
  config: RecommendationsConfig;
  logger: Logger;
  registry?: Registry;
  recommend?: RecommendFn;
}

/** The ports actually bound (the OS's picks where the config said 0). */
export interface BoundPorts {
  grpc: number;
  health: number;
  metrics: number;
}

/** A built, not yet listening, recommendations service. */
export interface RecommendationsApp {
  readonly health: ServiceHealth;
  readonly registry: Registry;
  /** Binds every port, then reports SERVING. */
  listen(): Promise<BoundPorts>;
  /** Reports NOT_SERVING, lets calls in flight finish within the grace period, then closes everything. */
  close(): Promise<void>;
}

/** Builds the gRPC server (service, health, reflection), the plaintext health server and the metrics server. */
export function createRecommendationsApp(deps: RecommendationsDeps): RecommendationsApp {
  const { config, logger } = deps;
  const registry = deps.registry ?? createMetricsRegistry();
  const recommendFn = deps.recommend ?? createRecommender(CATALOGUE);
  const health = createServiceHealth([HEALTH_SERVICE_NAME]);

  const definition = loadRecommendationsDefinition();
  const streams = createStreamCloser();
  const server = new grpc.Server(
    recommendationsServerOptions(config, { registry, interceptors: [streams.interceptor] }),
  );
  server.addService(loadRecommendationsProto(definition).Recommendations.service, {
    Recommend: unary(logger, Recommend(recommendFn)),
  });
  health.addToServer(server);
  addReflection(server, { ...definition, ...loadHealthDefinition() });

  const ops = createOpsServers(health, registry, config.connections);

  return {
    health,
    registry,
    async listen() {
      const ports = {
        grpc: await bindServer(
          server,
          config.host,
          config.port,
          serverCredentials(config.tls, config.connections.handshakeTimeoutMs),
        ),
        ...(await ops.listen(config.host, config.healthPort, config.metricsPort)),
      };
      health.markServing();
      logger.info({ ports, tls: Boolean(config.tls) }, 'recommendations listening');
      return ports;
    },
    async close() {
      health.markNotServing();
      streams.closeAll();
      const outcome = await shutdownServer(server, config.shutdownGraceMs);
      logger.info({ outcome }, 'gRPC server drained');
      await ops.close();
    },
  };
}

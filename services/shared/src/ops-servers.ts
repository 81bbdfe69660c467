import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { ConnectionLimits } from './config';
import { grpcServerOptions } from './grpc/server-options';
import { bindServer } from './grpc/server-lifecycle';
import type { ServiceHealth } from './grpc/health';
import { createMetricsServer } from './metrics/metrics-server';
import { closeHttpServer, listen } from './net';

/** The ports the two listeners bound (the OS's picks where 0 was asked for). */
export interface OpsPorts {
  health: number;
  metrics: number;
}

/**
 * The two listeners every service has beside its main port: gRPC health in plaintext (kubelet's `grpc:` probes
 * can speak neither TLS nor present a client certificate, so it serves nothing but health) and `GET /metrics`.
 */
export interface OpsServers {
  /** Binds both on `host`. */
  listen(host: string, healthPort: number, metricsPort: number): Promise<OpsPorts>;
  /** Closes both; called last in a drain, once the main port has finished. */
  close(): Promise<void>;
}

/** Builds the health and metrics listeners of a service, with the connection limits of every listener. */
export function createOpsServers(health: ServiceHealth, registry: Registry, limits: ConnectionLimits): OpsServers {
  const healthServer = new grpc.Server(grpcServerOptions(limits));
  health.addToServer(healthServer);
  const metricsServer = createMetricsServer(registry, limits);
  return {
    listen: async (host, healthPort, metricsPort) => ({
      health: await bindServer(healthServer, host, healthPort),
      metrics: await listen(metricsServer, metricsPort, host),
    }),
    close: async () => {
      healthServer.forceShutdown();
      await closeHttpServer(metricsServer, 1000);
    },
  };
}

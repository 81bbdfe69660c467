import { CONNECTION_ENV_SPECS, LOG_LEVELS, connectionLimits, listenPort, millis, str } from './config';
import type { ConnectionLimits } from './config';

/** What every service reads the same way: where it listens, how it logs, how long its drain lasts, its limits. */
export interface ServiceConfig {
  host: string;
  port: number;
  healthPort: number;
  metricsPort: number;
  logLevel: string;
  shutdownGraceMs: number;
  connections: ConnectionLimits;
}

/** A service's default ports, and what its main port serves (for the variable's description). */
export interface DefaultPorts {
  port: number;
  healthPort: number;
  metricsPort: number;
  serves: string;
}

/** The envalid specs of the variables every service reads, with this service's default ports. */
export function serviceEnvSpecs(ports: DefaultPorts) {
  return {
    HOST: str({ default: '0.0.0.0', desc: 'Address to bind every port to' }),
    PORT: listenPort({ default: ports.port, desc: ports.serves }),
    HEALTH_PORT: listenPort({ default: ports.healthPort, desc: 'Plaintext gRPC health port (kubelet probes)' }),
    METRICS_PORT: listenPort({ default: ports.metricsPort, desc: 'HTTP port serving /metrics' }),
    LOG_LEVEL: str({ default: 'info', choices: LOG_LEVELS }),
    SHUTDOWN_GRACE_MS: millis({ default: 10_000, desc: 'Time work in flight gets after SIGTERM' }),
    ...CONNECTION_ENV_SPECS,
  };
}

/** The parsed values of {@link serviceEnvSpecs}. */
type ServiceEnv = {
  HOST: string;
  PORT: number;
  HEALTH_PORT: number;
  METRICS_PORT: number;
  LOG_LEVEL: string;
  SHUTDOWN_GRACE_MS: number;
} & Parameters<typeof connectionLimits>[0];

/** The common part of a service's config, from its parsed environment. */
export function serviceConfig(parsed: ServiceEnv): ServiceConfig {
  return {
    host: parsed.HOST,
    port: parsed.PORT,
    healthPort: parsed.HEALTH_PORT,
    metricsPort: parsed.METRICS_PORT,
    logLevel: parsed.LOG_LEVEL,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    connections: connectionLimits(parsed),
  };
}

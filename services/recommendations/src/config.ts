import {
  CONNECTION_ENV_SPECS,
  LOG_LEVELS,
  TLS_ENV_SPECS,
  connectionLimits,
  intInRange,
  listenPort,
  millis,
  parseEnv,
  parseTlsFiles,
  str,
} from '@bookstore/shared';
import type { ConnectionLimits, TlsFiles } from '@bookstore/shared';

/** Everything recommendations reads from its environment, parsed and typed once at start-up. */
export interface RecommendationsConfig {
  host: string;
  port: number;
  healthPort: number;
  metricsPort: number;
  logLevel: string;
  shutdownGraceMs: number;
  connections: ConnectionLimits;
  maxConnectionAgeMs: number;
  maxReceiveMessageBytes: number;
  tls: TlsFiles | undefined;
}

/** Parses and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): RecommendationsConfig {
  const parsed = parseEnv(env, {
    HOST: str({ default: '0.0.0.0', desc: 'Address to bind every port to' }),
    PORT: listenPort({ default: 50051, desc: 'gRPC port: Recommendations, health and reflection' }),
    HEALTH_PORT: listenPort({ default: 50052, desc: 'Plaintext gRPC health port for kubelet probes' }),
    METRICS_PORT: listenPort({ default: 9464, desc: 'HTTP port serving /metrics' }),
    LOG_LEVEL: str({ default: 'info', choices: LOG_LEVELS }),
    SHUTDOWN_GRACE_MS: millis({ default: 10_000, desc: 'Time in-flight calls get after SIGTERM' }),
    MAX_CONNECTION_AGE_MS: intInRange(1000, 86_400_000)({
      default: 30_000,
      desc: 'Connections are closed after this age so clients spread over new replicas',
    }),
    MAX_RECEIVE_MESSAGE_BYTES: intInRange(64, 4 * 1024 * 1024)({ default: 16_384 }),
    ...CONNECTION_ENV_SPECS,
    ...TLS_ENV_SPECS,
  });
  return {
    host: parsed.HOST,
    port: parsed.PORT,
    healthPort: parsed.HEALTH_PORT,
    metricsPort: parsed.METRICS_PORT,
    logLevel: parsed.LOG_LEVEL,
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS,
    connections: connectionLimits(parsed),
    maxConnectionAgeMs: parsed.MAX_CONNECTION_AGE_MS,
    maxReceiveMessageBytes: parsed.MAX_RECEIVE_MESSAGE_BYTES,
    tls: parseTlsFiles(parsed.TLS_CERT_FILE, parsed.TLS_KEY_FILE, parsed.TLS_CA_FILE),
  };
}

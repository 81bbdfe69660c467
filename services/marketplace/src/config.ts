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
  remotePort,
  str,
} from '@bookstore/shared';
import type { ConnectionLimits, TlsFiles } from '@bookstore/shared';

/** Everything marketplace reads from its environment, parsed and typed once at start-up. */
export interface MarketplaceConfig {
  host: string;
  port: number;
  healthPort: number;
  metricsPort: number;
  logLevel: string;
  shutdownGraceMs: number;
  connections: ConnectionLimits;
  shutdownDelayMs: number;
  recommendations: {
    host: string;
    port: number;
    deadlineMs: number;
    tls: TlsFiles | undefined;
    tlsServerName: string | undefined;
  };
}

/** Parses and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): MarketplaceConfig {
  const parsed = parseEnv(env, {
    HOST: str({ default: '0.0.0.0', desc: 'Address to bind every port to' }),
    PORT: listenPort({ default: 8080, desc: 'HTTP port of the web app' }),
    HEALTH_PORT: listenPort({ default: 8081, desc: 'Plaintext gRPC health port' }),
    METRICS_PORT: listenPort({ default: 9465, desc: 'HTTP port serving /metrics' }),
    LOG_LEVEL: str({ default: 'info', choices: LOG_LEVELS }),
    SHUTDOWN_GRACE_MS: millis({ default: 10_000, desc: 'Time in-flight requests get after SIGTERM' }),
    SHUTDOWN_DELAY_MS: millis({
      default: 0,
      desc: 'Time between readiness going false and the listener closing (0 when a preStop hook waits instead)',
    }),
    RECOMMENDATIONS_HOST: str({ default: 'localhost', desc: 'DNS name of the recommendations service' }),
    RECOMMENDATIONS_PORT: remotePort({ default: 50051 }),
    RECOMMENDATIONS_DEADLINE_MS: intInRange(10, 60_000)({ default: 300, desc: 'Deadline of each Recommend call' }),
    TLS_SERVER_NAME: str({ default: '', desc: 'Name to verify in the server certificate, when not the host' }),
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
    shutdownDelayMs: parsed.SHUTDOWN_DELAY_MS,
    recommendations: {
      host: parsed.RECOMMENDATIONS_HOST,
      port: parsed.RECOMMENDATIONS_PORT,
      deadlineMs: parsed.RECOMMENDATIONS_DEADLINE_MS,
      tls: parseTlsFiles(parsed.TLS_CERT_FILE, parsed.TLS_KEY_FILE, parsed.TLS_CA_FILE),
      tlsServerName: parsed.TLS_SERVER_NAME || undefined,
    },
  };
}

import {
  TLS_ENV_SPECS,
  intInRange,
  millis,
  parseEnv,
  parseTlsFiles,
  remotePort,
  serviceConfig,
  serviceEnvSpecs,
  str,
} from '@bookstore/shared';
import type { ServiceConfig, TlsFiles } from '@bookstore/shared';

/** Everything marketplace reads from its environment, parsed and typed once at start-up. */
export interface MarketplaceConfig extends ServiceConfig {
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
    ...serviceEnvSpecs({ port: 8080, healthPort: 8081, metricsPort: 9465, serves: 'HTTP port of the web app' }),
    SHUTDOWN_DELAY_MS: millis({
      default: 0,
      desc: 'After SIGTERM, time it still serves (every response Connection: close) before its listener closes',
    }),
    RECOMMENDATIONS_HOST: str({ default: 'localhost', desc: 'DNS name of the recommendations service' }),
    RECOMMENDATIONS_PORT: remotePort({ default: 50051 }),
    RECOMMENDATIONS_DEADLINE_MS: intInRange(10, 60_000)({ default: 300, desc: 'Deadline of each Recommend call' }),
    TLS_SERVER_NAME: str({ default: '', desc: 'Name to verify in the server certificate, when not the host' }),
    ...TLS_ENV_SPECS,
  });
  return {
    ...serviceConfig(parsed),
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

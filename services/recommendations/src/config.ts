import { TLS_ENV_SPECS, intInRange, parseEnv, parseTlsFiles, serviceConfig, serviceEnvSpecs } from '@bookstore/shared';
import type { ServiceConfig, TlsFiles } from '@bookstore/shared';

/** Everything recommendations reads from its environment, parsed and typed once at start-up. */
export interface RecommendationsConfig extends ServiceConfig {
  maxConnectionAgeMs: number;
  maxReceiveMessageBytes: number;
  tls: TlsFiles | undefined;
}

/** Parses and validates the environment; throws a ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv): RecommendationsConfig {
  const parsed = parseEnv(env, {
    ...serviceEnvSpecs({
      port: 50051,
      healthPort: 50052,
      metricsPort: 9464,
      serves: 'gRPC port: Recommendations, health and reflection',
    }),
    MAX_CONNECTION_AGE_MS: intInRange(
      1000,
      86_400_000,
    )({
      default: 30_000,
      desc: 'Connections are closed after this age so clients spread over new replicas',
    }),
    MAX_RECEIVE_MESSAGE_BYTES: intInRange(64, 4 * 1024 * 1024)({ default: 16_384 }),
    ...TLS_ENV_SPECS,
  });
  return {
    ...serviceConfig(parsed),
    maxConnectionAgeMs: parsed.MAX_CONNECTION_AGE_MS,
    maxReceiveMessageBytes: parsed.MAX_RECEIVE_MESSAGE_BYTES,
    tls: parseTlsFiles(parsed.TLS_CERT_FILE, parsed.TLS_KEY_FILE, parsed.TLS_CA_FILE),
  };
}

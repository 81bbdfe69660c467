import { DEFAULT_CONNECTION_LIMITS } from '@bookstore/shared';
import type { RecommendationsConfig } from '../src/config';

/** A config for tests: every port picked by the OS on loopback, short timings. */
export function testConfig(overrides: Partial<RecommendationsConfig> = {}): RecommendationsConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    healthPort: 0,
    metricsPort: 0,
    logLevel: 'debug',
    shutdownGraceMs: 2000,
    connections: { ...DEFAULT_CONNECTION_LIMITS },
    maxConnectionAgeMs: 30_000,
    maxReceiveMessageBytes: 16_384,
    tls: undefined,
    ...overrides,
  };
}

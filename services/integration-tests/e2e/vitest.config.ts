// The host-side end-to-end suite (make e2e): one cluster-shaped Docker layout per run, built by the global
// setup, exercised from the host over 127.0.0.1 and from inside its network. Not part of `npm test`.
// Run from the repository root (scripts/e2e-run.sh does), with `--configLoader runner`: paths here are
// relative to it, because that loader gives a config file no __dirname.
import path from 'node:path';
// Type-only: this workspace compiles as CommonJS, and vitest/config is an ES module.
import type { ViteUserConfig } from 'vitest/config' with { 'resolution-mode': 'import' };

const E2E_DIR = 'services/integration-tests/e2e';

const config: ViteUserConfig = {
  resolve: {
    alias: {
      '@bookstore/shared': path.resolve('services/shared/src/index.ts'),
    },
  },
  test: {
    include: [`${E2E_DIR}/**/*.test.ts`],
    globalSetup: [`${E2E_DIR}/cluster-setup.ts`],
    // The files share one cluster and some stop its replicas: they must run one at a time.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['verbose'],
  },
};

export default config;

// The kind end-to-end suite (make e2e-kind): the documented kind, Helm and Skaffold commands, run exactly
// as written against a real kind cluster the run creates and deletes. Not part of `npm test`.
// Run from the repository root with `--configLoader runner` (see ../e2e/vitest.config.ts for why).
import path from 'node:path';
// Type-only: this workspace compiles as CommonJS, and vitest/config is an ES module.
import type { ViteUserConfig } from 'vitest/config' with { 'resolution-mode': 'import' };

const DIR = 'services/integration-tests/e2e-kind';

const config: ViteUserConfig = {
  resolve: {
    alias: {
      '@bookstore/shared': path.resolve('services/shared/src/index.ts'),
    },
  },
  test: {
    // One file: its steps share one cluster and run in the order the issue lists them.
    include: [`${DIR}/kind.test.ts`],
    globalSetup: [`${DIR}/global-setup.ts`],
    pool: 'forks',
    // Image builds and rollouts are slow on a small machine; each command has its own, tighter bound.
    testTimeout: 900_000,
    hookTimeout: 300_000,
    reporters: ['verbose'],
  },
};

export default config;

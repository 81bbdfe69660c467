import path from 'node:path';
import { defineConfig } from 'vitest/config';

// The root suite: unit and integration tests of every workspace, run against the TypeScript sources.
export default defineConfig({
  resolve: {
    alias: {
      '@bookstore/shared': path.resolve(import.meta.dirname, 'services/shared/src/index.ts'),
      '@bookstore/testing': path.resolve(import.meta.dirname, 'services/shared/testing/index.ts'),
    },
  },
  test: {
    include: ['services/{shared,recommendations,marketplace}/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});

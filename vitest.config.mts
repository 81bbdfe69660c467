import path from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Suites that load the machine on purpose: faults under steady load, fuzzing, hostile HTTP, mutual TLS
 * processes, and `npm start` with its build. They run after every other suite, one file at a time, so
 * they never slow down the suites that assert latency-sensitive results (a full page within a deadline).
 */
const LOAD_SUITES = [
  'services/marketplace/test/reliability/**/*.test.ts',
  'services/*/test/security/**/*.test.ts',
  'test/make-run.test.ts',
];

/** Every test file of the root suite. */
const ALL_SUITES = ['services/{shared,recommendations,marketplace}/test/**/*.test.ts', 'test/**/*.test.ts'];

// The root suite: unit and integration tests of every workspace, run against the TypeScript sources.
export default defineConfig({
  resolve: {
    alias: {
      '@bookstore/shared': path.resolve(import.meta.dirname, 'services/shared/src/index.ts'),
    },
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'integration',
          include: ALL_SUITES,
          exclude: [...configDefaults.exclude, ...LOAD_SUITES],
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: 'load',
          include: LOAD_SUITES,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

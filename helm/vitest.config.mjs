import { defineConfig } from 'vitest/config';

// The chart tests (make test-helm): they shell out to `helm template`, so they live apart from the
// root suite (vitest.config.mts) and run from the repository root. Plain .mjs: it needs no types, and
// is then neither part of the TypeScript project nor type-aware linted.
export default defineConfig({
  test: {
    include: ['helm/test/**/*.test.ts'],
    globalSetup: ['helm/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

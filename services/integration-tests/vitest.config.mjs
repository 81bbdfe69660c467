// The black-box suite run against a deployed bookstore (in-cluster Job, helm test, Docker e2e).
// It imports @bookstore/testing (a dependency, linked by npm) and @bookstore/shared from source; vitest
// compiles the TypeScript itself.
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const shared = path.resolve(import.meta.dirname, '../shared');

export default defineConfig({
  // The image's root filesystem is read-only; vitest's cache goes to the writable /tmp.
  cacheDir: path.join(process.env.TMPDIR ?? '/tmp', 'vitest-cache'),
  resolve: {
    alias: {
      '@bookstore/shared': path.join(shared, 'src/index.ts'),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['verbose'],
  },
});

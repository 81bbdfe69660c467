// What the two host-side suites (e2e on Docker, e2e-kind on kind) configure alike: they run from the repository
// root with `--configLoader runner` (paths are relative to it: that loader gives a config file no __dirname),
// against the TypeScript sources, one fork per file, reporting each test.
import path from 'node:path';
// Type-only: this workspace compiles as CommonJS, and vitest/config is an ES module.
import type { ViteUserConfig } from 'vitest/config' with { 'resolution-mode': 'import' };

/** The parts of a host suite's config that differ: its files, its global setup and its time bounds. */
export interface HostSuite {
  include: string[];
  globalSetup: string;
  testTimeout: number;
  hookTimeout: number;
  /** Whether files may run in parallel (they share one cluster in both suites: no). */
  fileParallelism?: boolean;
}

/** The vitest config of a host-side suite. */
export function hostSuiteConfig(suite: HostSuite): ViteUserConfig {
  return {
    resolve: { alias: { '@bookstore/shared': path.resolve('services/shared/src/index.ts') } },
    test: { ...suite, globalSetup: [suite.globalSetup], pool: 'forks', reporters: ['verbose'] },
  };
}

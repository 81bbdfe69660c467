import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** The repository root, for bin/ and docs/. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** What one run is made of; `make e2e` passes these through the environment. */
export interface RunSettings {
  /** Names and labels carry it, so parallel runs never collide and cleanup removes only this run's things. */
  runId: string;
  imageTag: string;
  /** The pinned grpc-health-probe binary (make tools), bind-mounted into the toolbox container. */
  healthProbe: string;
  /** marketplace's RECOMMENDATIONS_DEADLINE_MS; the outage test holds degraded pages to it. */
  deadlineMs: number;
  /** recommendations' MAX_CONNECTION_AGE_MS: bounds how long a restarted replica waits for traffic. */
  maxConnectionAgeMs: number;
  /** SHUTDOWN_GRACE_MS of both services: a drain that reaches it was forced. */
  graceMs: number;
  /** Keep the containers after the run for debugging (`make e2e-clean` removes them). */
  keep: boolean;
  /** Where the browser test saves the homepage; the README's copy is refreshed only on request. */
  screenshot: string;
}

/** Reads the run's settings from the environment, with the defaults `make e2e` uses. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): RunSettings {
  return {
    runId: env.E2E_RUN_ID || randomBytes(3).toString('hex'),
    imageTag: env.E2E_IMAGE_TAG || 'dev',
    healthProbe: env.GRPC_HEALTH_PROBE || path.join(REPO_ROOT, 'bin/grpc-health-probe'),
    deadlineMs: Number(env.E2E_DEADLINE_MS || 300),
    maxConnectionAgeMs: Number(env.E2E_MAX_CONNECTION_AGE_MS || 30_000),
    graceMs: Number(env.E2E_SHUTDOWN_GRACE_MS || 10_000),
    keep: env.E2E_KEEP === '1',
    // Book order is random, so each run's picture differs: by default it goes to the ignored
    // test-results/, and `make screenshot` passes docs/screenshot.png to refresh the README's.
    screenshot: path.resolve(REPO_ROOT, env.E2E_SCREENSHOT || 'test-results/homepage.png'),
  };
}

import path from 'node:path';

/** The repository root: every documented command runs from there, as a user would type it. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Names the Makefile gives the kind install (mk/k8s.mk: KIND_CLUSTER, RELEASE, NAMESPACE, STAGING_NAMESPACE).
 * The suite runs the targets with their defaults, so it must use the same names.
 */
export const KIND = {
  cluster: 'bookstore',
  context: 'kind-bookstore',
  release: 'bookstore',
  namespace: 'default',
  stagingNamespace: 'staging',
} as const;

/** What one run is made of; `make e2e-kind` passes these through the environment. */
export interface KindSettings {
  /**
   * A kubeconfig of the run's own (global-setup.ts makes a temporary one unless E2E_KIND_KUBECONFIG names it):
   * kind writes the cluster's context there, and the user's kubeconfig is never touched.
   */
  kubeconfig: string;
  /** Where each command's full output goes (one file per step). */
  logDir: string;
  /** Leave the cluster up after the run (`make kind-down` removes it). */
  keep: boolean;
  /** marketplace's RECOMMENDATIONS_DEADLINE_MS (the chart's default): degraded pages are held to it. */
  deadlineMs: number;
  /** Latency allowed above the deadline for a degraded page, as the reliability suite allows. */
  marginMs: number;
  /** recommendations' MAX_CONNECTION_AGE_MS (the chart's default): new replicas get traffic within it. */
  maxConnectionAgeMs: number;
}

/** Reads the run's settings from the environment, with the defaults the charts use. */
export function readSettings(env: NodeJS.ProcessEnv = process.env): KindSettings {
  const logDir = path.resolve(REPO_ROOT, env.E2E_KIND_LOG_DIR || 'test-results/e2e-kind');
  return {
    kubeconfig: env.E2E_KIND_KUBECONFIG ?? '',
    logDir,
    keep: env.E2E_KIND_KEEP === '1',
    deadlineMs: Number(env.E2E_KIND_DEADLINE_MS || 300),
    marginMs: Number(env.E2E_KIND_MARGIN_MS || 400),
    maxConnectionAgeMs: Number(env.E2E_KIND_MAX_CONNECTION_AGE_MS || 30_000),
  };
}

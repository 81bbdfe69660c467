import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { collectLogs, planCluster, removeCluster, startCluster } from './support/cluster';
import { readSettings } from './support/settings';

/**
 * Global setup: one cluster-shaped layout for the whole run, torn down after the last test file whether
 * tests passed or not (and at once when the start itself fails). E2E_KEEP=1 leaves it up for debugging.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const settings = readSettings();
  const { label, prefix } = planCluster(settings);
  const started = performance.now();
  console.log(`[e2e] run ${settings.runId}: starting ${prefix}-* (images tag ${settings.imageTag})`);
  try {
    const info = await startCluster(settings);
    project.provide('cluster', info);
    console.log(
      `[e2e] cluster up in ${Math.round(performance.now() - started)} ms; marketplace at ${info.marketplaceUrl}`,
    );
  } catch (error) {
    console.error(`[e2e] the cluster did not start; container logs:\n${await collectLogs(label).catch(String)}`);
    await removeCluster(label);
    throw error;
  }
  return async () => {
    if (settings.keep) {
      console.log(`[e2e] E2E_KEEP=1: left ${prefix}-* running; remove with: make e2e-clean`);
      return;
    }
    const removed = await removeCluster(label);
    console.log(`[e2e] removed ${removed.length} containers and networks of run ${settings.runId}`);
  };
}

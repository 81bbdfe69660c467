import { beforeEach, onTestFailed } from 'vitest';

/** Whether a step that later steps cannot do without (the cluster, the first deploy) has failed. */
const state = { broken: '' };

/**
 * Marks the calling test as one every later step needs: if it fails, the rest of the run is skipped with
 * its name, instead of each step waiting out its own timeout against a cluster that is not there.
 */
export function requiredByLaterSteps(name: string): void {
  onTestFailed(() => {
    state.broken = name;
  });
}

/** Registers the skip for every test of the file (call once at the top level). */
export function skipAfterBrokenStep(): void {
  beforeEach((context) => {
    if (state.broken) context.skip(`skipped: the required step "${state.broken}" failed`);
  });
}

/** Prints one figures line for the CI log. */
export function figures(line: string): void {
  console.log(`[e2e-kind figures] ${line}`);
}

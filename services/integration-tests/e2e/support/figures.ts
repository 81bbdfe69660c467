import { expect } from 'vitest';
import { formatSummary } from '@bookstore/testing';
import type { LoadSummary } from '@bookstore/testing';

/** Prints the running test's figures on one line for the CI log, plus any test-specific `extra`. */
export function printFigures(summary: LoadSummary, extra = ''): void {
  const test = expect.getState().currentTestName ?? 'e2e';
  console.log(`[e2e figures] ${formatSummary(test, summary)}${extra ? `; ${extra}` : ''}`);
}

/** The failures of a run, by cause, for assertion messages. */
export function describeFailures(summary: LoadSummary): string {
  return JSON.stringify(summary.failures);
}

import { describe, expect, it } from 'vitest';
import { run } from '../support/shell';
import { figures } from '../support/steps';
import { vitestCounts } from './helm-test';

/** Step 5: `make test-cluster`, the integration tests as a plain Job, passes. */
export function testCluster(): void {
  describe('5. make test-cluster', () => {
    it('runs the Job to completion and prints its results', async () => {
      const result = await run('make test-cluster', { timeoutMs: 480_000 });
      expect(result.output).toContain('integration tests PASSED in the cluster');
      expect(vitestCounts(result.output)).not.toBe('');
      figures(`test-cluster: ${vitestCounts(result.output)} in ${(result.ms / 1000).toFixed(0)} s`);
    });
  });
}

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { kubectl } from '../support/kube';
import { run } from '../support/shell';
import { figures, requiredByLaterSteps } from '../support/steps';

/** Step 1: `make tools`, then `make kind-up` from k8s/kind-config.yaml (node image from KIND_NODE_IMAGE when set). */
export function kindUp(): void {
  describe('1. make kind-up', () => {
    it('make tools installs (or finds) the pinned tools first', async () => {
      const result = await run('make tools', { timeoutMs: 900_000 });
      figures(`make tools: ${(result.ms / 1000).toFixed(0)} s`);
    });

    it('creates the cluster, and its node goes Ready', async () => {
      requiredByLaterSteps('make kind-up');
      const result = await run('make kind-up', { timeoutMs: 360_000 });
      // kind made the cluster the current context of the run's own kubeconfig (KUBECONFIG).
      expect(execFileSync('kubectl', ['config', 'current-context'], { encoding: 'utf8' }).trim()).toBe(
        'kind-bookstore',
      );
      const ready = await kubectl(['wait', '--for=condition=Ready', 'node', '--all', '--timeout=180s'], 200_000);
      expect(ready).toContain('condition met');
      const version = JSON.parse(await kubectl(['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } };
      figures(
        `kind-up: cluster up in ${(result.ms / 1000).toFixed(0)} s, Kubernetes ${version.serverVersion.gitVersion}`,
      );
    });

    it('is idempotent: a second make kind-up keeps the cluster', async () => {
      const again = await run('make kind-up', { timeoutMs: 60_000 });
      expect(again.output).toContain('already exists');
    });
  });
}

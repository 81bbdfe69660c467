import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HELM, eventually, kubectl, selectorOf, waitForPods } from '../support/kube';
import { contractProblems } from '../support/pages';
import { KIND } from '../support/settings';
import { run, runInBackground } from '../support/shell';
import { figures } from '../support/steps';
import { vitestCounts } from './helm-test';

/** Whether docker has the buildx plugin, which skaffold's BuildKit builds need. */
function hasBuildx(): boolean {
  try {
    execFileSync('docker', ['buildx', 'version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

/** Objects of the release still in its namespace (helm test's pod aside: Helm never deletes hooks). */
async function releaseObjects(): Promise<string[]> {
  const names = await kubectl([
    'get',
    'deployments,replicasets,services,pods,serviceaccounts',
    '--namespace',
    KIND.namespace,
    '--selector',
    `app.kubernetes.io/instance=${KIND.release}`,
    '-o',
    'name',
  ]);
  return names.split('\n').filter((n) => n && n !== `pod/${KIND.release}-integration-tests`);
}

/** Step 11: skaffold build (classic, and BuildKit where buildx exists), run, verify, render offline, dev. */
export function skaffold(): void {
  describe('11. skaffold', () => {
    it('skaffold build builds the three images with the classic builder (no buildx needed)', async () => {
      const result = await run(`skaffold build --kube-context ${KIND.context}`, { timeoutMs: 900_000 });
      expect(result.output).not.toMatch(/buildx component is missing/);
      for (const image of ['recommendations', 'marketplace', 'integration-tests'])
        expect(result.output).toContain(`bookstore/${image}`);
      figures(`skaffold build (classic builder): ${(result.ms / 1000).toFixed(0)} s`);
    });

    it.runIf(hasBuildx())('skaffold build -p buildkit builds them with BuildKit', async () => {
      const result = await run(`skaffold build -p buildkit --kube-context ${KIND.context}`, { timeoutMs: 900_000 });
      figures(`skaffold build (BuildKit): ${(result.ms / 1000).toFixed(0)} s`);
    });

    it('skaffold run deploys the release, then make skaffold-verify runs the in-cluster suite green', async () => {
      const deployed = await run(`skaffold run --kube-context ${KIND.context}`, { timeoutMs: 900_000 });
      await waitForPods(KIND.namespace, selectorOf('marketplace'), 1, 180_000);
      // A real Helm release: helm knows what skaffold deployed.
      const status = await run(
        `${HELM} status ${KIND.release} --namespace ${KIND.namespace} --kube-context ${KIND.context}`,
        { timeoutMs: 60_000 },
      );
      expect(status.output).toMatch(/STATUS: deployed/);
      const verify = await run('make skaffold-verify', { timeoutMs: 900_000 });
      expect(vitestCounts(verify.output)).not.toBe('');
      figures(
        `skaffold run: ${(deployed.ms / 1000).toFixed(0)} s; skaffold-verify: ${vitestCounts(verify.output)} in ${(verify.ms / 1000).toFixed(0)} s`,
      );
    });

    it('skaffold render -p staging works without a cluster or a registry', async () => {
      const result = await run(
        'skaffold render -p staging --default-repo registry.example.com/team --digest-source=tag',
        {
          timeoutMs: 300_000,
          // No cluster reachable at all: the render must not need one.
          env: { KUBECONFIG: '/nonexistent/kubeconfig' },
        },
      );
      expect(result.output).toMatch(/image: "?registry\.example\.com\/team\/bookstore_marketplace:/);
      expect(result.output).toMatch(/kind: HorizontalPodAutoscaler/);
    });

    it('make skaffold-dev forwards http://localhost:8080 once, serves the homepage, and Ctrl-C cleans up', async () => {
      const dev = runInBackground('make skaffold-dev');
      try {
        await dev.waitFor(
          /Port forwarding service\/bookstore-marketplace in namespace default, remote port 8080 -> http:\/\/127\.0\.0\.1:8080/,
          900_000,
        );
        const page = await eventually("the homepage through skaffold's forward", 60_000, async () => {
          const html = await (await fetch('http://127.0.0.1:8080/', { signal: AbortSignal.timeout(10_000) })).text();
          return contractProblems(html) === '' ? html : undefined;
        });
        expect(contractProblems(page)).toBe('');
        const forwards =
          dev.output().match(/Port forwarding service\/bookstore-marketplace in namespace \S*, remote port 8080 ->/g) ??
          [];
        expect(forwards).toHaveLength(1);
        expect(dev.output()).not.toMatch(/could not map pods to service/);
      } finally {
        // Ctrl-C: make reports the interrupt and exits by the signal; skaffold first removes what it deployed.
        await dev.stop(240_000);
      }
      expect(dev.output()).toMatch(/Cleaning up/);
      // The pods drain (preStop sleep, then the grace period) before they are gone.
      await eventually('no object of the release left after Ctrl-C', 120_000, async () =>
        (await releaseObjects()).length === 0 ? true : undefined,
      );
      figures('skaffold dev: one forward of marketplace:8080, homepage served, Ctrl-C removed the release');
    });
  });
}

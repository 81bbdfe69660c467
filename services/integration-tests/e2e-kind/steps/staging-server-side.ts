import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubectl } from '../support/kube';
import { KIND } from '../support/settings';
import { run } from '../support/shell';
import { figures } from '../support/steps';

/** A namespace of this step's own: the release is only ever a dry run, so nothing else is created there. */
const NAMESPACE = 'staging-server-side';
/** The staging values with both ways in, monitoring and egress on (helm/README.md, "Server-side check"). */
const VALUES = '-f helm/bookstore/values-staging.yaml -f helm/bookstore/examples/staging-all.yaml';
/** The kinds the values turn on beyond the staging defaults, with how many objects of each. */
const EXPECTED = { Ingress: 1, HTTPRoute: 1, ServiceMonitor: 2, PrometheusRule: 2 } as const;

const skaffoldBin = process.env.SKAFFOLD || 'skaffold';

/** The names of the cluster's CustomResourceDefinitions. */
async function crdNames(): Promise<string[]> {
  return (await kubectl(['get', 'customresourcedefinitions', '-o', 'name'])).split('\n').filter(Boolean);
}

/** How many documents of each kind a rendered manifest holds. */
function kindCounts(manifest: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [, kind] of manifest.matchAll(/^kind: (\w+)$/gm)) counts[kind!] = (counts[kind!] ?? 0) + 1;
  return counts;
}

/**
 * Step 9b: the staging values with an Ingress, an HTTPRoute, ServiceMonitors and PrometheusRules, validated by
 * the API server itself: the CRDs come from scripts/k8s-crds.sh, and the commands are helm/README.md's. Then
 * Skaffold's staging render of pushed images: pinned by digest, and accepted too.
 */
export function stagingServerSide(): void {
  describe('9b. staging with Ingress, HTTPRoute and monitoring, accepted by the API server', () => {
    let before: string[] = [];
    // The namespace goes, and so do the CRDs this step added (those the cluster had before stay).
    afterAll(async () => {
      await kubectl(['delete', 'namespace', NAMESPACE, '--ignore-not-found', '--timeout=180s'], 200_000).catch(
        () => undefined,
      );
      const added = (await crdNames().catch(() => [] as string[])).filter(
        (name) => !before.includes(name) && /gateway\.networking\.k8s\.io|monitoring\.coreos\.com/.test(name),
      );
      if (added.length > 0)
        await kubectl(['delete', ...added, '--ignore-not-found', '--timeout=120s'], 150_000).catch(() => undefined);
    });

    it('scripts/k8s-crds.sh apply installs the Gateway API and Prometheus Operator CRDs from their Go modules', async () => {
      before = await crdNames();
      const result = await run(`scripts/k8s-crds.sh apply --context ${KIND.context}`, { timeoutMs: 300_000 });
      const now = await crdNames();
      for (const crd of [
        'httproutes.gateway.networking.k8s.io',
        'servicemonitors.monitoring.coreos.com',
        'prometheusrules.monitoring.coreos.com',
      ]) {
        expect(now).toContain(`customresourcedefinition.apiextensions.k8s.io/${crd}`);
      }
      figures(
        `k8s-crds: ${now.length - before.length} CRDs added and Established in ${(result.ms / 1000).toFixed(0)} s`,
      );
    });

    it('helm install --dry-run=server accepts the release, with every object the values turn on', async () => {
      await kubectl(['create', 'namespace', NAMESPACE]);
      const result = await run(
        `helm install bookstore helm/bookstore --namespace ${NAMESPACE} ${VALUES} --dry-run=server --kube-context ${KIND.context}`,
        {
          timeoutMs: 300_000,
        },
      );
      // ServiceMonitor and PrometheusRule render only where the cluster serves their API: these come from the CRDs above.
      const counts = kindCounts(result.output);
      expect(Object.fromEntries(Object.keys(EXPECTED).map((k) => [k, counts[k] ?? 0]))).toEqual(EXPECTED);
      expect(result.output).toMatch(/^STATUS: pending-install$/m);
      figures(
        `helm install --dry-run=server: ${Object.values(counts).reduce((a, b) => a + b, 0)} objects accepted (${JSON.stringify(counts)})`,
      );
    });

    it('kubectl apply --dry-run=server --validate=strict: the API server knows every field of every object, custom resources included', async () => {
      const result = await run(
        `helm template bookstore helm/bookstore --namespace ${NAMESPACE} ${VALUES} --validate --kube-context ${KIND.context} | ` +
          `kubectl apply --context ${KIND.context} --namespace ${NAMESPACE} --server-side --dry-run=server --validate=strict -f -`,
        { timeoutMs: 300_000 },
      );
      const applied = result.output.split('\n').filter((line) => / serverside-applied \(server dry run\)$/.test(line));
      for (const [kind, n] of Object.entries(EXPECTED)) {
        expect(
          applied.filter((line) => line.toLowerCase().startsWith(`${kind.toLowerCase()}.`)),
          kind,
        ).toHaveLength(n);
      }
      expect(result.output).not.toMatch(/unknown field|Warning:/);
      figures(`strict server-side dry run: ${applied.length} objects, no unknown field`);
    });

    it('skaffold render -p staging with the images skaffold pushed: every image pinned by its digest, and accepted by the API server', async () => {
      // What `skaffold build -p staging --default-repo <registry> --file-output <file>` writes after pushing.
      const dir = mkdtempSync(path.join(tmpdir(), 'staging-server-side-'));
      try {
        const artifacts = path.join(dir, 'build.json');
        const digest = (i: number) => `sha256:${String(i).repeat(64)}`;
        const images = ['recommendations', 'marketplace', 'integration-tests'];
        const builds = images.map((image, i) => ({
          imageName: `bookstore/${image}`,
          tag: `registry.example.com/team/bookstore_${image}:e2e@${digest(i + 1)}`,
        }));
        writeFileSync(artifacts, JSON.stringify({ builds }));
        const result = await run(
          `${skaffoldBin} render -p staging --build-artifacts ${artifacts} --offline=true --output ${path.join(dir, 'staging.yaml')} && ` +
            `kubectl apply --context ${KIND.context} --namespace ${NAMESPACE} --server-side --dry-run=server --validate=strict -f ${path.join(dir, 'staging.yaml')}`,
          { timeoutMs: 300_000 },
        );
        expect(result.output).toMatch(/deployment\.apps\/bookstore-marketplace serverside-applied \(server dry run\)/);
        const rendered = readFileSync(path.join(dir, 'staging.yaml'), 'utf8');
        const named = [...rendered.matchAll(/image: "?([^"\s]+)"?/g)].map((m) => m[1]);
        expect(new Set(named)).toEqual(
          new Set(
            images.slice(0, 2).map((image, i) => `registry.example.com/team/bookstore_${image}@${digest(i + 1)}`),
          ),
        );
        figures(`skaffold render -p staging --build-artifacts: ${named.length} containers, each repo@digest`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

// values-staging.yaml files turn on what they claim, for each chart and for the umbrella.
import { describe, expect, it } from 'vitest';
import type { Chart, K8sObject } from './helm';
import { all, one, podTemplate, render, selects, spec, staging } from './helm';

const cases: { title: string; chart: Chart; set?: string[] }[] = [
  { title: 'recommendations', chart: 'recommendations' },
  { title: 'marketplace', chart: 'marketplace', set: ['recommendations.releaseName=recommendations'] },
  { title: 'bookstore umbrella', chart: 'bookstore' },
];

const stagingOf = (chart: Chart, set: string[] = []) =>
  render(chart, staging(chart, { set, prometheusOperator: true }));
const defaultsOf = (chart: Chart, set: string[] = []) => render(chart, { set, prometheusOperator: true });

/** The kinds that belong to one Deployment (matched by its name), e.g. its PDB and HPA. */
function kindsFor(objects: K8sObject[], deployment: K8sObject): string[] {
  return objects
    .filter((o) => o.metadata.name === deployment.metadata.name)
    .map((o) => o.kind)
    .sort();
}

describe.each(cases)('values-staging.yaml of $title', ({ chart, set }) => {
  const objects = stagingOf(chart, set);
  const deployments = all(objects, 'Deployment');

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: runs at least 2 replicas, through an autoscaling/v2 HPA on it',
    (_n, d) => {
      const hpa = all(objects, 'HorizontalPodAutoscaler').find((h) => spec(h).scaleTargetRef?.name === d.metadata.name);
      expect(hpa?.apiVersion).toBe('autoscaling/v2');
      expect(spec(hpa!).scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(spec(hpa!).minReplicas).toBeGreaterThanOrEqual(2);
      // The HPA owns the count: a replicas field would be reset on every upgrade.
      expect(spec(d).replicas).toBeUndefined();
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: has a PodDisruptionBudget selecting its pods that still allows evictions',
    (_n, d) => {
      const pdbs = all(objects, 'PodDisruptionBudget').filter((p) => selects(spec(p).selector, podTemplate(d).labels));
      expect(pdbs).toHaveLength(1);
      expect(spec(pdbs[0]!).maxUnavailable).toBeGreaterThanOrEqual(1);
      expect(spec(pdbs[0]!).unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: has a NetworkPolicy selecting its pods',
    (_n, d) => {
      expect(
        all(objects, 'NetworkPolicy').filter((n) => selects(spec(n).podSelector, podTemplate(d).labels)),
      ).toHaveLength(1);
    },
  );

  // What kube-score's pod-networkpolicy check wants (scripts/k8s-lint.sh), also where kube-score is not run.
  it('leaves no pod (Deployments and the helm test Pod) without an ingress NetworkPolicy', () => {
    const podLabels = [
      ...deployments.map((d) => podTemplate(d).labels),
      ...all(objects, 'Pod').map((p) => p.metadata.labels ?? {}),
    ];
    for (const labels of podLabels) {
      const policies = all(objects, 'NetworkPolicy').filter((n) => selects(spec(n).podSelector, labels));
      expect(
        policies.some((n) => spec(n).policyTypes?.includes('Ingress')),
        JSON.stringify(labels),
      ).toBe(true);
    }
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: spreads over zones and nodes, counting only its own pods of the same revision',
    (_n, d) => {
      const { labels, spec: pod } = podTemplate(d);
      const constraints = pod.topologySpreadConstraints ?? [];
      expect(constraints.map((c) => c.topologyKey).sort()).toEqual([
        'kubernetes.io/hostname',
        'topology.kubernetes.io/zone',
      ]);
      for (const c of constraints) {
        expect(selects(c.labelSelector, labels)).toBe(true);
        expect(c.matchLabelKeys).toEqual(['pod-template-hash']);
      }
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: is scraped by a ServiceMonitor and has a PrometheusRule',
    (_n, d) => {
      expect(kindsFor(objects, d)).toEqual(expect.arrayContaining(['PrometheusRule', 'ServiceMonitor']));
    },
  );
});

describe.each(cases)('values.yaml of $title (kind defaults)', ({ chart, set }) => {
  const objects = defaultsOf(chart, set);

  it('runs 1 replica per Deployment with no HPA, PDB, NetworkPolicy, topology spread or monitoring objects', () => {
    for (const d of all(objects, 'Deployment')) {
      expect(spec(d).replicas).toBe(1);
      expect(podTemplate(d).spec.topologySpreadConstraints).toBeUndefined();
    }
    const kinds = new Set(objects.map((o) => o.kind));
    for (const k of [
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
      'ServiceMonitor',
      'PrometheusRule',
    ]) {
      expect(kinds.has(k), k).toBe(false);
    }
  });
});

describe('umbrella values-staging.yaml', () => {
  it.each(['recommendations', 'marketplace'] as const)(
    "turns on the same objects for %s as that chart's own values-staging.yaml",
    (svc) => {
      const umbrella = stagingOf('bookstore');
      const alone = stagingOf(svc, svc === 'marketplace' ? ['recommendations.releaseName=recommendations'] : []);
      const inUmbrella = kindsFor(umbrella, one(umbrella, 'Deployment', svc));
      expect(inUmbrella).toEqual(kindsFor(alone, one(alone, 'Deployment', svc)));
      const res = (objects: K8sObject[]) => podTemplate(one(objects, 'Deployment', svc)).spec.containers[0]?.resources;
      expect(res(umbrella)).toEqual(res(alone));
    },
  );
});

// Invariants every workload of every chart must keep, in every shipped values file.
import { describe, expect, it } from 'vitest';
import type { Chart, Container, K8sObject, PodSpec, Probe } from './helm';
import { all, bytes, containerPorts, env, one, podTemplate, registryImages, render, selects, spec } from './helm';

interface Install {
  title: string;
  chart: Chart;
  values: string[];
  set?: string[];
}
const installs: Install[] = [
  { title: 'recommendations (values.yaml)', chart: 'recommendations', values: [] },
  {
    title: 'recommendations (values-staging.yaml)',
    chart: 'recommendations',
    values: ['helm/recommendations/values-staging.yaml'],
    set: registryImages('recommendations'),
  },
  {
    title: 'marketplace (values.yaml)',
    chart: 'marketplace',
    values: [],
    set: ['recommendations.releaseName=recommendations'],
  },
  {
    title: 'marketplace (values-staging.yaml)',
    chart: 'marketplace',
    values: ['helm/marketplace/values-staging.yaml'],
    set: ['recommendations.releaseName=recommendations', ...registryImages('marketplace')],
  },
  { title: 'bookstore umbrella (values.yaml)', chart: 'bookstore', values: [] },
  {
    title: 'bookstore umbrella (values-staging.yaml)',
    chart: 'bookstore',
    values: ['helm/bookstore/values-staging.yaml'],
    set: registryImages('bookstore'),
  },
];

// docs/CONTRACT.md
const UID = 1000;
const PRE_STOP_SECONDS = 5;
const EXTRA_SECONDS = 5;

function renderInstall(i: Install): K8sObject[] {
  return render(i.chart, { values: i.values, set: i.set ?? [], prometheusOperator: true });
}

function probesOf(c: Container): [string, Probe][] {
  const probes: [string, Probe | undefined][] = [
    ['startup', c.startupProbe],
    ['readiness', c.readinessProbe],
    ['liveness', c.livenessProbe],
  ];
  return probes.filter((p): p is [string, Probe] => p[1] !== undefined);
}

/** Every pod-bearing object: Deployments, Jobs and bare Pods (the helm test hook). */
function pods(objects: K8sObject[]): { owner: string; labels: Record<string, string>; spec: PodSpec }[] {
  return objects.flatMap((o) => {
    if (o.kind === 'Deployment' || o.kind === 'Job') {
      const t = podTemplate(o);
      return [{ owner: `${o.kind}/${o.metadata.name}`, labels: t.labels, spec: t.spec }];
    }
    if (o.kind === 'Pod') {
      const s = spec(o);
      return [
        {
          owner: `Pod/${o.metadata.name}`,
          labels: o.metadata.labels ?? {},
          spec: { ...s, containers: s.containers ?? [] },
        },
      ];
    }
    return [];
  });
}

describe.each(installs)('Deployments of $title', (install) => {
  const objects = renderInstall(install);
  const deployments = all(objects, 'Deployment');

  it('renders at least one Deployment', () => {
    expect(deployments.length).toBeGreaterThan(0);
  });

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: selector is exactly name+instance and matches the pod labels',
    (_n, d) => {
      const selector = spec(d).selector;
      expect(Object.keys(selector?.matchLabels ?? {}).sort()).toEqual([
        'app.kubernetes.io/instance',
        'app.kubernetes.io/name',
      ]);
      expect(selects(selector, podTemplate(d).labels)).toBe(true);
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: every probe targets a declared container port',
    (_n, d) => {
      for (const c of podTemplate(d).spec.containers) {
        const ports = containerPorts(c);
        const probes = probesOf(c);
        expect(probes.map(([kind]) => kind).sort()).toEqual(['liveness', 'readiness', 'startup']);
        for (const [kind, p] of probes) {
          const target = p.grpc?.port ?? p.httpGet?.port;
          const declared = typeof target === 'string' ? ports.has(target) : [...ports.values()].includes(target ?? -1);
          expect(declared, `${kind} probe port ${String(target)} of ${c.name}`).toBe(true);
        }
      }
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: drain timing fits the contract and SHUTDOWN_GRACE_MS is derived',
    (_n, d) => {
      const pod = podTemplate(d).spec;
      const c = pod.containers[0]!;
      expect(c.lifecycle?.preStop?.sleep?.seconds).toBe(PRE_STOP_SECONDS);
      expect(c.lifecycle?.preStop?.exec).toBeUndefined();
      const graceMs = Number(env(c, 'SHUTDOWN_GRACE_MS'));
      // marketplace keeps serving with `Connection: close` for SHUTDOWN_DELAY_MS before its listener closes.
      const delayMs = Number(env(c, 'SHUTDOWN_DELAY_MS') ?? 0);
      expect(graceMs).toBeGreaterThan(0);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(
        PRE_STOP_SECONDS + (delayMs + graceMs) / 1000 + EXTRA_SECONDS,
      );
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: names a ServiceAccount that is rendered, without API token',
    (_n, d) => {
      const pod = podTemplate(d).spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      const sa = one(objects, 'ServiceAccount', pod.serviceAccountName);
      expect(sa.metadata.name).toBe(pod.serviceAccountName);
      expect((sa as K8sObject & { automountServiceAccountToken?: boolean }).automountServiceAccountToken).toBe(false);
    },
  );

  it.each(deployments.map((d) => [d.metadata.name, d] as const))(
    '%s: prefers spreading replicas over nodes (soft anti-affinity on its own pods)',
    (_n, d) => {
      const { labels, spec: pod } = podTemplate(d);
      const terms = pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      expect(
        terms.some(
          (t) =>
            t.podAffinityTerm.topologyKey === 'kubernetes.io/hostname' &&
            selects(t.podAffinityTerm.labelSelector, labels),
        ),
      ).toBe(true);
    },
  );
});

describe.each(installs)('Services of $title', (install) => {
  const objects = renderInstall(install);

  it.each(all(objects, 'Service').map((s) => [s.metadata.name, s] as const))(
    '%s: selects one Deployment, and every targetPort names a declared container port',
    (_n, svc) => {
      const targets = all(objects, 'Deployment').filter((d) =>
        selects({ matchLabels: spec(svc).selector }, podTemplate(d).labels),
      );
      expect(targets.map((d) => d.metadata.name)).toHaveLength(1);
      const ports = containerPorts(podTemplate(targets[0]!).spec.containers[0]!);
      for (const p of spec(svc).ports ?? []) {
        expect(typeof p.targetPort, `${p.name ?? ''} targetPort is named`).toBe('string');
        expect(ports.has(String(p.targetPort)), `targetPort ${String(p.targetPort)}`).toBe(true);
        expect(p.name).toBe(p.targetPort);
      }
    },
  );
});

describe.each(installs)('Pods of $title', (install) => {
  const objects = renderInstall(install);

  it.each(pods(objects).map((p) => [p.owner, p] as const))(
    '%s: runs hardened (uid/gid 1000, read-only root, no capabilities, RuntimeDefault, no escalation)',
    (_n, p) => {
      expect(p.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: UID,
        runAsGroup: UID,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(p.spec.automountServiceAccountToken).toBe(false);
      expect(p.spec.enableServiceLinks).toBe(false);
      for (const c of p.spec.containers) {
        expect(c.securityContext).toMatchObject({
          runAsNonRoot: true,
          runAsUser: UID,
          runAsGroup: UID,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.securityContext?.capabilities?.add).toBeUndefined();
      }
    },
  );

  it.each(pods(objects).map((p) => [p.owner, p] as const))(
    '%s: sets cpu, memory and ephemeral-storage requests and limits',
    (_n, p) => {
      for (const c of p.spec.containers) {
        expect(Object.keys(c.resources?.requests ?? {}).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        expect(Object.keys(c.resources?.limits ?? {}).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        expect(bytes(c.resources!.requests!['ephemeral-storage']!)).toBeLessThanOrEqual(
          bytes(c.resources!.limits!['ephemeral-storage']!),
        );
      }
    },
  );

  // emptyDir usage counts towards the pod's ephemeral-storage limit (the sum of its containers'): a
  // limit below the scratch volumes' sizeLimit would evict the pod before the volume is full.
  it.each(pods(objects).map((p) => [p.owner, p] as const))(
    '%s: ephemeral-storage limit leaves room beyond its emptyDir sizeLimits',
    (_n, p) => {
      const limit = p.spec.containers.reduce(
        (sum, c) => sum + bytes(c.resources?.limits?.['ephemeral-storage'] ?? 0),
        0,
      );
      const scratch = (p.spec.volumes ?? []).reduce(
        (sum, v) => sum + (v.emptyDir?.sizeLimit ? bytes(v.emptyDir.sizeLimit) : 0),
        0,
      );
      // The kubelet's default log rotation keeps up to 5 x 10Mi of container logs, which count too.
      expect(limit).toBeGreaterThanOrEqual(scratch + 5 * 10 * 2 ** 20);
    },
  );

  it.each(pods(objects).map((p) => [p.owner, p] as const))(
    '%s: has no duplicate env names and a pinned, non-latest image',
    (_n, p) => {
      for (const c of p.spec.containers) {
        const names = (c.env ?? []).map((e) => e.name);
        expect(new Set(names).size).toBe(names.length);
        expect(c.image).toMatch(/^[a-z0-9./:_-]+(:[A-Za-z0-9_.-]+|@sha256:[a-f0-9]{64})$/);
        expect(c.image).not.toMatch(/:latest$/);
        expect(c.imagePullPolicy).toBe('IfNotPresent');
      }
    },
  );
});

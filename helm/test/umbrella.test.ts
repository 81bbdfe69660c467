// The umbrella chart: one release for both services, the helm test hook, NOTES, monitoring objects.
import { describe, expect, it } from 'vitest';
import type { K8sObject } from './helm';
import {
  all,
  env,
  ingressAdmits,
  one,
  podTemplate,
  render,
  renderError,
  renderNotes,
  selects,
  spec,
  staging,
} from './helm';

const testPod = (objects: K8sObject[]) => one(objects, 'Pod', 'integration-tests');

describe('helm test hook of the umbrella', () => {
  const objects = render('bookstore', { release: 'shop', namespace: 'prod' });
  const pod = testPod(objects);
  const c = spec(pod).containers?.[0];

  it('is a Pod annotated as a helm test hook, never restarted', () => {
    expect(pod.metadata.annotations?.['helm.sh/hook']).toBe('test');
    expect(spec(pod).restartPolicy).toBe('Never');
  });

  it("runs the integration-tests image against this release's Service names and ports", () => {
    const mkt = one(objects, 'Service', 'shop-marketplace');
    const recs = one(objects, 'Service', 'shop-recommendations');
    const http = spec(mkt).ports?.find((p) => p.name === 'http')?.port;
    const grpc = spec(recs).ports?.find((p) => p.name === 'grpc')?.port;
    expect(c?.image).toBe('bookstore/integration-tests:1.0.0');
    expect(env(c!, 'MARKETPLACE_URL')).toBe(`http://${mkt.metadata.name}:${http}`);
    expect(env(c!, 'RECOMMENDATIONS_TARGET')).toBe(`${recs.metadata.name}:${grpc}`);
  });

  it('gets a writable emptyDir at /tmp (its root filesystem is read-only)', () => {
    expect(c?.securityContext?.readOnlyRootFilesystem).toBe(true);
    const mount = c?.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(spec(pod).volumes?.find((v) => v.name === mount?.name)?.emptyDir).toBeDefined();
  });

  it('is not rendered when integrationTests.enabled is false', () => {
    expect(all(render('bookstore', { set: ['integrationTests.enabled=false'] }), 'Pod')).toEqual([]);
  });

  it('renders as a plain Job with the same pod spec when integrationTests.job is true', () => {
    const withJob = render('bookstore', { release: 'shop', namespace: 'prod', set: ['integrationTests.job=true'] });
    const job = one(withJob, 'Job', 'integration-tests');
    expect(job.metadata.annotations?.['helm.sh/hook']).toBeUndefined();
    expect(spec(job).backoffLimit).toBe(0);
    expect(podTemplate(job).spec).toEqual({ ...spec(pod), activeDeadlineSeconds: undefined });
  });
});

describe('consistency guard of the umbrella', () => {
  it('fails with a fix when marketplace would look for recommendations under another name', () => {
    expect(renderError('bookstore', { set: ['recommendations.fullnameOverride=recs'] })).toMatch(
      /marketplace would call recommendations at Service "bookstore-recommendations", but this release names it "recs": set marketplace\.recommendations\.fullnameOverride=recs/,
    );
  });

  it('fails when marketplace is pointed at another namespace or port', () => {
    expect(renderError('bookstore', { set: ['marketplace.recommendations.namespace=elsewhere'] })).toMatch(
      /marketplace\.recommendations\.namespace="elsewhere"/,
    );
    expect(renderError('bookstore', { set: ['marketplace.recommendations.port=50099'] })).toMatch(
      /marketplace\.recommendations\.port=50099 but recommendations\.ports\.grpc=50051/,
    );
  });
});

describe('NOTES.txt', () => {
  it('umbrella: prints the exact port-forward command for marketplace', () => {
    expect(renderNotes('bookstore', { release: 'shop', namespace: 'prod' })).toContain(
      'kubectl --namespace prod port-forward service/shop-marketplace 8080:8080',
    );
  });

  it('marketplace chart: prints the port-forward command for its own Service', () => {
    expect(
      renderNotes('marketplace', {
        release: 'web',
        namespace: 'team',
        set: ['recommendations.releaseName=recommendations'],
      }),
    ).toContain('kubectl --namespace team port-forward service/web-marketplace 8080:8080');
  });

  it('recommendations chart: prints how to install marketplace against it', () => {
    expect(
      renderNotes('recommendations', { release: 'r1', namespace: 'team', set: ['fullnameOverride=recs'] }),
    ).toContain('--set recommendations.fullnameOverride=recs');
  });
});

describe('Prometheus Operator objects', () => {
  const stagingValues = staging('bookstore');

  it('are not rendered, even when enabled, if the cluster has no monitoring.coreos.com/v1 API', () => {
    const kinds = render('bookstore', stagingValues).map((o) => o.kind);
    expect(kinds).not.toContain('ServiceMonitor');
    expect(kinds).not.toContain('PrometheusRule');
  });

  it('are rendered when enabled and the CRDs exist; each ServiceMonitor selects its Service and a port named metrics', () => {
    const objects = render('bookstore', { ...stagingValues, prometheusOperator: true });
    const monitors = all(objects, 'ServiceMonitor');
    expect(monitors).toHaveLength(2);
    for (const sm of monitors) {
      const services = all(objects, 'Service').filter((s) => selects(spec(sm).selector, s.metadata.labels ?? {}));
      expect(services).toHaveLength(1);
      expect(spec(services[0]!).ports?.map((p) => p.name)).toContain(spec(sm).endpoints?.[0]?.port);
      expect(spec(sm).endpoints?.[0]?.port).toBe('metrics');
    }
  });

  it("alert on error ratio and latency from the services' metrics", () => {
    const rules = all(render('bookstore', { ...stagingValues, prometheusOperator: true }), 'PrometheusRule');
    const exprs = rules.flatMap((r) => (spec(r).groups ?? []).flatMap((g) => g.rules.map((x) => x.expr))).join('\n');
    for (const metric of [
      'grpc_server_handled_total',
      'grpc_server_handling_seconds_bucket',
      'http_request_duration_seconds_bucket',
      'grpc_client_handled_total',
      'marketplace_degraded_renders_total',
    ]) {
      expect(exprs).toContain(metric);
    }
    expect(exprs).toMatch(/grpc_code=~/);
    expect(exprs).toMatch(/status_code=~"5\.\."/);
    expect(exprs).toMatch(/histogram_quantile\(0\.99/);
  });
});

describe('Grafana dashboard ConfigMap', () => {
  const cm = one(render('bookstore', { set: ['grafanaDashboard.enabled=true'] }), 'ConfigMap', 'dashboard');
  const dashboard = JSON.parse(cm.data?.['bookstore-red.json'] ?? '{}') as {
    panels?: { title?: string; targets?: { expr: string }[] }[];
  };
  const exprs = (dashboard.panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr));

  it('carries the grafana_dashboard: "1" label the Grafana sidecar looks for', () => {
    expect(cm.metadata.labels?.grafana_dashboard).toBe('1');
  });

  it('shows rate, errors and duration of both services', () => {
    for (const title of ['Rate', 'Errors', 'Duration']) {
      expect((dashboard.panels ?? []).filter((p) => p.title === title)).toHaveLength(2);
    }
    expect(exprs.some((e) => e.includes('http_request_duration_seconds_bucket'))).toBe(true);
    expect(exprs.some((e) => e.includes('grpc_server_handling_seconds_bucket'))).toBe(true);
    expect(exprs.some((e) => e.includes('status_code=~"5..'))).toBe(true);
    expect(exprs.some((e) => e.includes('grpc_code!="OK"'))).toBe(true);
  });

  it('is off by default', () => {
    expect(all(render('bookstore'), 'ConfigMap')).toEqual([]);
  });
});

describe('NetworkPolicies of the umbrella in staging', () => {
  const objects = render('bookstore', staging('bookstore'));
  const ns = { labels: { 'kubernetes.io/metadata.name': 'default' }, sameAsPolicy: true };
  const testPodLabels = testPod(objects).metadata.labels ?? {};
  const mktPodLabels = podTemplate(one(objects, 'Deployment', 'marketplace')).labels;

  const testPolicy = one(objects, 'NetworkPolicy', 'integration-tests');

  it('each service policy selects exactly the pods of its own Deployment', () => {
    for (const np of all(objects, 'NetworkPolicy').filter((n) => n !== testPolicy)) {
      const selected = all(objects, 'Deployment').filter((d) => selects(spec(np).podSelector, podTemplate(d).labels));
      expect(selected.map((d) => d.metadata.name)).toEqual([np.metadata.name]);
    }
  });

  it("the test pods' own policy selects them (Pod and Job) and no Deployment, and admits no ingress", () => {
    const withJob = render('bookstore', staging('bookstore', { set: ['integrationTests.job=true'] }));
    expect(selects(spec(testPolicy).podSelector, testPodLabels)).toBe(true);
    expect(selects(spec(testPolicy).podSelector, podTemplate(one(withJob, 'Job', 'integration-tests')).labels)).toBe(
      true,
    );
    expect(
      all(objects, 'Deployment').filter((d) => selects(spec(testPolicy).podSelector, podTemplate(d).labels)),
    ).toEqual([]);
    expect(spec(testPolicy).policyTypes).toEqual(['Ingress']);
    expect(spec(testPolicy).ingress ?? []).toEqual([]);
  });

  it("renders no test pods' policy without test pods, nor with integrationTests.networkPolicy off", () => {
    const noTests = render('bookstore', staging('bookstore', { set: ['integrationTests.enabled=false'] }));
    const off = render('bookstore', staging('bookstore', { set: ['integrationTests.networkPolicy.enabled=false'] }));
    for (const o of [noTests, off])
      expect(
        all(o, 'NetworkPolicy')
          .map((n) => n.metadata.name)
          .sort(),
      ).toEqual(['bookstore-marketplace', 'bookstore-recommendations']);
  });

  it('let marketplace and the integration tests call recommendations on grpc', () => {
    const np = one(objects, 'NetworkPolicy', 'recommendations');
    expect(ingressAdmits(np, mktPodLabels, ns, 'grpc')).toBe(true);
    expect(ingressAdmits(np, testPodLabels, ns, 'grpc')).toBe(true);
  });

  it('let the integration tests reach marketplace on http', () => {
    expect(ingressAdmits(one(objects, 'NetworkPolicy', 'marketplace'), testPodLabels, ns, 'http')).toBe(true);
  });
});

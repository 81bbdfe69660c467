// The two service charts: how they expose and probe their ports, and how marketplace finds recommendations.
import { describe, expect, it } from 'vitest';
import type { K8sObject, RenderOptions } from './helm';
import { all, env, ingressAdmits, one, podEnv, podTemplate, render, spec, staging } from './helm';

function deploymentContainer(objects: K8sObject[], name: string) {
  return podTemplate(one(objects, 'Deployment', name)).spec.containers[0]!;
}

/** The DNS name a client in the cluster uses for the gRPC Service (the one with a grpc port) rendered as part of `objects`. */
function dnsName(objects: K8sObject[], serviceNameIncludes: string, namespace: string): string {
  const grpc = all(objects, 'Service').filter(
    (s) => s.metadata.name.includes(serviceNameIncludes) && (spec(s).ports ?? []).some((p) => p.name === 'grpc'),
  );
  if (grpc.length !== 1)
    throw new Error(`expected one gRPC Service named *${serviceNameIncludes}*, found ${grpc.length}`);
  return `${grpc[0]!.metadata.name}.${namespace}.svc.cluster.local`;
}

describe('recommendations Service', () => {
  const objects = render('recommendations');
  const svc = spec(one(objects, 'Service', 'recommendations'));

  it('is headless, so DNS returns every pod for round_robin', () => {
    expect(svc.clusterIP).toBe('None');
  });

  it('exposes a port named grpc on 50051 with appProtocol grpc; metrics 9464 on a Service of its own', () => {
    expect(svc.ports).toEqual([
      expect.objectContaining({ name: 'grpc', port: 50051, targetPort: 'grpc', appProtocol: 'grpc' }),
    ]);
    expect(spec(one(objects, 'Service', 'recommendations-metrics')).ports).toEqual([
      expect.objectContaining({ name: 'metrics', port: 9464, targetPort: 'metrics' }),
    ]);
  });
});

describe('recommendations container', () => {
  const c = deploymentContainer(render('recommendations'), 'recommendations');

  it('declares grpc 50051, grpc-health 50052 and metrics 9464 and passes them to the process', () => {
    expect(c.ports?.map((p) => [p.name, p.containerPort])).toEqual([
      ['grpc', 50051],
      ['grpc-health', 50052],
      ['metrics', 9464],
    ]);
    expect([env(c, 'PORT'), env(c, 'HEALTH_PORT'), env(c, 'METRICS_PORT')]).toEqual(['50051', '50052', '9464']);
  });

  it('probes natively over gRPC on the plaintext health port 50052', () => {
    for (const p of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      expect(p?.grpc?.port).toBe(50052);
      expect(p?.httpGet).toBeUndefined();
    }
    expect(c.readinessProbe?.grpc?.service).toBe('Recommendations');
  });

  it('keeps the grpc probes on the health port when the API port serves mutual TLS', () => {
    const tls = deploymentContainer(
      render('recommendations', { set: ['tls.enabled=true', 'tls.secretName=recs-tls'] }),
      'recommendations',
    );
    expect(tls.readinessProbe?.grpc?.port).toBe(50052);
    expect([env(tls, 'TLS_CERT_FILE'), env(tls, 'TLS_KEY_FILE'), env(tls, 'TLS_CA_FILE')]).toEqual([
      '/etc/bookstore/tls/tls.crt',
      '/etc/bookstore/tls/tls.key',
      '/etc/bookstore/tls/ca.crt',
    ]);
    expect(tls.volumeMounts).toContainEqual({ name: 'tls', mountPath: '/etc/bookstore/tls', readOnly: true });
  });
});

describe('marketplace Service and container', () => {
  const objects = render('marketplace', { set: ['recommendations.releaseName=recommendations'] });
  const c = deploymentContainer(objects, 'marketplace');

  it('is a ClusterIP Service with a port named http on 8080 (the port-forward target)', () => {
    const svc = spec(one(objects, 'Service', 'marketplace'));
    expect(svc.type).toBe('ClusterIP');
    expect(svc.clusterIP).toBeUndefined();
    expect(svc.ports).toContainEqual(expect.objectContaining({ name: 'http', port: 8080, targetPort: 'http' }));
  });

  it('checks readiness on /readyz and liveness and startup on /healthz, all on the http port', () => {
    expect(c.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(c.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(c.startupProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
  });
});

describe('RECOMMENDATIONS_HOST of marketplace', () => {
  /** RECOMMENDATIONS_HOST as the process sees it, in a pod of the release's namespace (or `podNamespace`). */
  const host = (objects: K8sObject[], namespace: string) =>
    podEnv(deploymentContainer(objects, 'marketplace'), 'RECOMMENDATIONS_HOST', namespace);
  const hostOf = (o: RenderOptions) => host(render('marketplace', o), o.namespace ?? 'default');

  it.each([
    ['bookstore', 'default'],
    ['shop', 'prod'],
  ])(
    'umbrella release %s in %s: is the in-cluster DNS name of the recommendations Service it installs',
    (release, namespace) => {
      const objects = render('bookstore', { release, namespace });
      expect(host(objects, namespace)).toBe(dnsName(objects, 'recommendations', namespace));
    },
  );

  it('umbrella rendered for one namespace and applied to another: names the recommendations of the namespace it runs in', () => {
    const objects = render('bookstore', { namespace: 'default' });
    expect(host(objects, 'elsewhere')).toBe(dnsName(objects, 'recommendations', 'elsewhere'));
  });

  it('takes its namespace from the downward API, defined before the variable that references it', () => {
    const vars = deploymentContainer(render('bookstore'), 'marketplace').env ?? [];
    const podNamespace = vars.findIndex((e) => e.name === 'POD_NAMESPACE');
    expect(vars[podNamespace]?.valueFrom?.fieldRef?.fieldPath).toBe('metadata.namespace');
    expect(podNamespace).toBeLessThan(vars.findIndex((e) => e.name === 'RECOMMENDATIONS_HOST'));
  });

  it('umbrella: follows a recommendations fullnameOverride passed to both subcharts', () => {
    const objects = render('bookstore', {
      set: ['recommendations.fullnameOverride=recs', 'marketplace.recommendations.fullnameOverride=recs'],
    });
    expect(host(objects, 'default')).toBe('recs.default.svc.cluster.local');
    expect(dnsName(objects, 'recs', 'default')).toBe('recs.default.svc.cluster.local');
  });

  it('separate releases: names the Service of the recommendations release given by recommendations.releaseName', () => {
    const recs = render('recommendations', { release: 'recommendations', namespace: 'team' });
    expect(
      hostOf({ release: 'marketplace', namespace: 'team', set: ['recommendations.releaseName=recommendations'] }),
    ).toBe(dnsName(recs, 'recommendations', 'team'));
  });

  it('separate releases: follows recommendations.fullnameOverride and recommendations.namespace', () => {
    const recs = render('recommendations', { release: 'r1', namespace: 'backend', set: ['fullnameOverride=recs'] });
    expect(
      hostOf({
        release: 'web',
        namespace: 'frontend',
        set: ['recommendations.fullnameOverride=recs', 'recommendations.namespace=backend'],
      }),
    ).toBe(dnsName(recs, 'recs', 'backend'));
  });

  it('uses the recommendations grpc port for RECOMMENDATIONS_PORT', () => {
    const objects = render('bookstore');
    const grpc = spec(one(objects, 'Service', 'bookstore-recommendations')).ports?.find((p) => p.name === 'grpc')?.port;
    expect(env(deploymentContainer(objects, 'marketplace'), 'RECOMMENDATIONS_PORT')).toBe(String(grpc));
  });
});

describe('NetworkPolicies (separate releases, staging values)', () => {
  const ns = { labels: { 'kubernetes.io/metadata.name': 'team' }, sameAsPolicy: true };
  const recs = render('recommendations', staging('recommendations', { release: 'recommendations', namespace: 'team' }));
  const mkt = render(
    'marketplace',
    staging('marketplace', {
      release: 'marketplace',
      namespace: 'team',
      set: ['recommendations.releaseName=recommendations'],
    }),
  );
  const mktPods = podTemplate(one(mkt, 'Deployment')).labels;
  const stranger = { 'app.kubernetes.io/name': 'something-else' };

  it('recommendations: the policy selects exactly its own pods, for ingress only', () => {
    const np = spec(one(recs, 'NetworkPolicy'));
    expect(np.podSelector?.matchLabels).toEqual({
      'app.kubernetes.io/name': 'recommendations',
      'app.kubernetes.io/instance': 'recommendations',
    });
    expect(np.policyTypes).toEqual(['Ingress']);
  });

  it('recommendations: admits marketplace pods on grpc, and nobody else', () => {
    const np = one(recs, 'NetworkPolicy');
    expect(ingressAdmits(np, mktPods, ns, 'grpc')).toBe(true);
    expect(ingressAdmits(np, stranger, ns, 'grpc')).toBe(false);
    expect(ingressAdmits(np, mktPods, ns, 'grpc-health')).toBe(false);
  });

  // Who may scrape the metrics ports: monitoring.test.ts; who may reach marketplace's http port: way-in.test.ts.
});

describe.each(['recommendations', 'marketplace'] as const)('drain timing of the %s chart', (chart) => {
  const target = chart === 'marketplace' ? ['recommendations.releaseName=recommendations'] : [];
  // marketplace serves with `Connection: close` for drain.connectionCloseSeconds before its listener closes.
  const closeDelay = chart === 'marketplace' ? 2 : 0;

  it('derives SHUTDOWN_GRACE_MS and terminationGracePeriodSeconds from the same values', () => {
    const objects = render(chart, {
      set: [...target, 'drain.shutdownGraceSeconds=30', 'drain.preStopSleepSeconds=7', 'drain.marginSeconds=6'],
    });
    const pod = podTemplate(one(objects, 'Deployment')).spec;
    expect(env(pod.containers[0]!, 'SHUTDOWN_GRACE_MS')).toBe('30000');
    expect(pod.containers[0]?.lifecycle?.preStop?.sleep?.seconds).toBe(7);
    expect(pod.terminationGracePeriodSeconds).toBe(7 + closeDelay + 30 + 6);
  });

  it('defaults to the contract: preStop 5 s, SHUTDOWN_GRACE_MS 10000, grace period 20 s plus the close delay', () => {
    const pod = podTemplate(one(render(chart, { set: target }), 'Deployment')).spec;
    expect(env(pod.containers[0]!, 'SHUTDOWN_GRACE_MS')).toBe('10000');
    expect(pod.containers[0]?.lifecycle?.preStop?.sleep?.seconds).toBe(5);
    expect(pod.terminationGracePeriodSeconds).toBe(20 + closeDelay);
  });
});

describe('connection-close delay of the marketplace chart', () => {
  const target = ['recommendations.releaseName=recommendations'];

  it('keeps serving with Connection: close for drain.connectionCloseSeconds after SIGTERM (SHUTDOWN_DELAY_MS)', () => {
    const pod = podTemplate(
      one(render('marketplace', { set: [...target, 'drain.connectionCloseSeconds=3'] }), 'Deployment'),
    ).spec;
    expect(env(pod.containers[0]!, 'SHUTDOWN_DELAY_MS')).toBe('3000');
    expect(pod.terminationGracePeriodSeconds).toBe(5 + 3 + 10 + 5);
  });

  it('defaults to 2 s: enough for every keep-alive client to get one response telling it to reconnect', () => {
    const pod = podTemplate(one(render('marketplace', { set: target }), 'Deployment')).spec;
    expect(env(pod.containers[0]!, 'SHUTDOWN_DELAY_MS')).toBe('2000');
  });
});

// The ways into marketplace from outside the cluster (Ingress, Gateway API HTTPRoute, a LoadBalancer Service),
// and the NetworkPolicy peers on its http port that follow from whichever is enabled.
import { describe, expect, it } from 'vitest';
import type { HTTPRouteSpec, IngressSpec, K8sObject, Labels, PodNamespace, RenderOptions } from './helm';
import { all, ingressAdmits, one, render, renderError, spec, staging } from './helm';

/** marketplace installed on its own, told where recommendations is. */
const mkt = (o: RenderOptions = {}) =>
  render('marketplace', { ...o, set: ['recommendations.releaseName=recommendations', ...(o.set ?? [])] });
/** The same with its values-staging.yaml (NetworkPolicy on). */
const mktStaging = (set: string[] = []) => mkt(staging('marketplace', { set }));

const ingressSpec = (objects: K8sObject[]) => one(objects, 'Ingress').spec as unknown as IngressSpec;
const routeSpec = (objects: K8sObject[]) => one(objects, 'HTTPRoute').spec as unknown as HTTPRouteSpec;

/** A pod somewhere in the cluster, as NetworkPolicy sees it. */
const inNamespace = (name: string): PodNamespace => ({
  labels: { 'kubernetes.io/metadata.name': name },
  sameAsPolicy: name === 'default',
});
const ingressNginx: Labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
const anyPod: Labels = { app: 'whatever' };
const httpAdmits = (objects: K8sObject[], labels: Labels, ns: PodNamespace) =>
  ingressAdmits(one(objects, 'NetworkPolicy'), labels, ns, 'http');

describe('helm/bookstore/examples/staging-all.yaml on top of values-staging.yaml', () => {
  const objects = render('bookstore', {
    values: ['helm/bookstore/values-staging.yaml', 'helm/bookstore/examples/staging-all.yaml'],
    prometheusOperator: true,
  });

  it('turns on every way in and monitoring: an Ingress, an HTTPRoute, two ServiceMonitors and two PrometheusRules', () => {
    expect(['Ingress', 'HTTPRoute', 'ServiceMonitor', 'PrometheusRule'].map((k) => all(objects, k).length)).toEqual([
      1, 1, 2, 2,
    ]);
  });

  it('and egress for both services, with the controllers of both ways in admitted on http', () => {
    for (const np of all(objects, 'NetworkPolicy').filter((n) => !n.metadata.name.includes('integration-tests'))) {
      expect(spec(np).policyTypes).toEqual(['Ingress', 'Egress']);
    }
    const np = one(objects, 'NetworkPolicy', 'bookstore-marketplace');
    expect(ingressAdmits(np, ingressNginx, inNamespace('ingress-nginx'), 'http')).toBe(true);
    expect(ingressAdmits(np, anyPod, inNamespace('gateway-system'), 'http')).toBe(true);
  });
});

describe('ways in: defaults', () => {
  it.each(['marketplace', 'bookstore'] as const)(
    '%s renders neither an Ingress nor an HTTPRoute unless asked',
    (chart) => {
      const objects = chart === 'marketplace' ? mkt() : render(chart);
      expect(all(objects, 'Ingress')).toEqual([]);
      expect(all(objects, 'HTTPRoute')).toEqual([]);
    },
  );
});

describe('ingress values of marketplace', () => {
  const set = [
    'ingress.enabled=true',
    'ingress.className=nginx',
    'ingress.hosts={shop.example.com,www.shop.example.com}',
    'ingress.tlsSecretName=shop-tls',
    'ingress.annotations.cert-manager\\.io/cluster-issuer=letsencrypt',
  ];
  const objects = mkt({ release: 'web', set });
  const ing = one(objects, 'Ingress');
  const svc = one(objects, 'Service', 'web-marketplace');

  it('renders a networking.k8s.io/v1 Ingress of the given class, with its annotations', () => {
    expect(ing.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingressSpec(objects).ingressClassName).toBe('nginx');
    expect(ing.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  it('routes every path of every host to the http port of the public marketplace Service', () => {
    const rules = ingressSpec(objects).rules;
    expect(rules.map((r) => r.host)).toEqual(['shop.example.com', 'www.shop.example.com']);
    for (const r of rules) {
      expect(r.http.paths).toEqual([
        { path: '/', pathType: 'Prefix', backend: { service: { name: svc.metadata.name, port: { name: 'http' } } } },
      ]);
    }
    expect(spec(svc).ports?.map((p) => p.name)).toContain('http');
  });

  it('terminates TLS for those hosts with the given Secret', () => {
    expect(ingressSpec(objects).tls).toEqual([
      { hosts: ['shop.example.com', 'www.shop.example.com'], secretName: 'shop-tls' },
    ]);
  });

  it('without hosts or TLS Secret: one rule for any host, no tls, no class (the cluster default IngressClass)', () => {
    const plain = ingressSpec(mkt({ set: ['ingress.enabled=true'] }));
    expect(plain.rules).toHaveLength(1);
    expect(plain.rules[0]?.host).toBeUndefined();
    expect(plain.tls).toBeUndefined();
    expect(plain.ingressClassName).toBeUndefined();
  });
});

describe('httpRoute values of marketplace', () => {
  const set = [
    'httpRoute.enabled=true',
    'httpRoute.parentRefs[0].name=public',
    'httpRoute.parentRefs[0].namespace=gateway-system',
    'httpRoute.parentRefs[0].sectionName=https',
    'httpRoute.hostnames={shop.example.com}',
  ];
  const objects = mkt({ release: 'web', set });

  it('renders a gateway.networking.k8s.io/v1 HTTPRoute attached to the given Gateway listener, for the given hostnames', () => {
    expect(one(objects, 'HTTPRoute').apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(routeSpec(objects).parentRefs).toEqual([
      { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
    ]);
    expect(routeSpec(objects).hostnames).toEqual(['shop.example.com']);
  });

  it('sends everything to the public marketplace Service on its http port (a number: backendRefs take no port names)', () => {
    const svc = one(objects, 'Service', 'web-marketplace');
    const http = spec(svc).ports?.find((p) => p.name === 'http')?.port;
    expect(routeSpec(objects).rules).toEqual([{ backendRefs: [{ name: svc.metadata.name, port: http }] }]);
  });

  it('refuses to render without a Gateway to attach to', () => {
    expect(renderError('marketplace', { set: ['recommendations.releaseName=r', 'httpRoute.enabled=true'] })).toMatch(
      /httpRoute\.parentRefs is empty/,
    );
  });

  it('renders without the Gateway API announced (helm template for GitOps; an install without its CRDs fails naming the kind)', () => {
    expect(all(mkt({ set }), 'HTTPRoute')).toHaveLength(1);
  });
});

describe('marketplace NetworkPolicy: http peers follow the way in (staging values)', () => {
  const ingressOn = ['ingress.enabled=true'];
  const routeOn = [
    'httpRoute.enabled=true',
    'httpRoute.parentRefs[0].name=public',
    'httpRoute.parentRefs[0].namespace=gateway-system',
  ];

  it('with no way in enabled: admits no pod on http (kubectl port-forward does not pass NetworkPolicy)', () => {
    const objects = mktStaging();
    expect(httpAdmits(objects, ingressNginx, inNamespace('ingress-nginx'))).toBe(false);
    expect(httpAdmits(objects, anyPod, inNamespace('default'))).toBe(false);
  });

  it('with the Ingress: admits the ingress-nginx controller pods by default, nothing else', () => {
    const objects = mktStaging(ingressOn);
    expect(httpAdmits(objects, ingressNginx, inNamespace('ingress-nginx'))).toBe(true);
    expect(httpAdmits(objects, anyPod, inNamespace('ingress-nginx'))).toBe(false);
    expect(httpAdmits(objects, ingressNginx, inNamespace('elsewhere'))).toBe(false);
  });

  it("with the HTTPRoute: admits pods of the Gateway's namespace by default, nothing else", () => {
    const objects = mktStaging(routeOn);
    expect(httpAdmits(objects, anyPod, inNamespace('gateway-system'))).toBe(true);
    expect(httpAdmits(objects, ingressNginx, inNamespace('ingress-nginx'))).toBe(false);
  });

  it("with the HTTPRoute to a Gateway of the release's own namespace: admits that namespace's pods", () => {
    const objects = mktStaging(['httpRoute.enabled=true', 'httpRoute.parentRefs[0].name=local']);
    expect(httpAdmits(objects, anyPod, inNamespace('default'))).toBe(true);
    expect(httpAdmits(objects, anyPod, inNamespace('gateway-system'))).toBe(false);
  });

  // A controller whose pods run elsewhere than the default peer: its own namespace is named instead.
  it.each([
    ['ingress', 'traefik', ingressOn, [ingressNginx, 'ingress-nginx']],
    ['httpRoute', 'envoy-gateway-system', routeOn, [anyPod, 'gateway-system']],
  ] as const)(
    "with %s.from naming namespace %s: admits that controller's pods instead of the default's",
    (key, ns, on, [labels, defaultNs]) => {
      const objects = mktStaging([
        ...on,
        `${key}.from[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=${ns}`,
      ]);
      expect(httpAdmits(objects, anyPod, inNamespace(ns))).toBe(true);
      expect(httpAdmits(objects, labels, inNamespace(defaultNs))).toBe(false);
    },
  );

  it('with both: admits both controllers', () => {
    const objects = mktStaging([...ingressOn, ...routeOn]);
    expect(httpAdmits(objects, ingressNginx, inNamespace('ingress-nginx'))).toBe(true);
    expect(httpAdmits(objects, anyPod, inNamespace('gateway-system'))).toBe(true);
  });

  it('keeps networkPolicy.httpFrom peers in every case', () => {
    const extra = ['networkPolicy.httpFrom[0].namespaceSelector.matchLabels.team=web'];
    const ns = { labels: { team: 'web' }, sameAsPolicy: false };
    expect(httpAdmits(mktStaging(extra), anyPod, ns)).toBe(true);
    expect(httpAdmits(mktStaging([...extra, ...ingressOn]), anyPod, ns)).toBe(true);
  });

  it.each(['LoadBalancer', 'NodePort'])(
    'with a %s Service: admits http from anywhere (outside clients have no pod or namespace)',
    (type) => {
      const objects = mktStaging([`service.type=${type}`]);
      expect(httpAdmits(objects, anyPod, { labels: {}, sameAsPolicy: false })).toBe(true);
    },
  );
});

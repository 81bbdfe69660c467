// Opt-in egress rules: marketplace may reach DNS and recommendations, recommendations DNS only, nothing else.
import { describe, expect, it } from 'vitest';
import type { K8sObject, Labels, PodNamespace } from './helm';
import { egressAdmits, one, podTemplate, render, spec, staging } from './helm';

const kubeDns: Labels = { 'k8s-app': 'kube-dns' };
const kubeSystem: PodNamespace = { labels: { 'kubernetes.io/metadata.name': 'kube-system' }, sameAsPolicy: false };
const here: PodNamespace = { labels: { 'kubernetes.io/metadata.name': 'default' }, sameAsPolicy: true };
const egressOn = 'networkPolicy.egress.enabled=true';
const podsOf = (objects: K8sObject[], name: string) => podTemplate(one(objects, 'Deployment', name)).labels;

describe('egress is opt-in', () => {
  it.each(['recommendations', 'marketplace'] as const)(
    '%s staging policy restricts ingress only by default',
    (chart) => {
      const objects = render(
        chart,
        staging(chart, { set: chart === 'marketplace' ? ['recommendations.releaseName=r'] : [] }),
      );
      expect(spec(one(objects, 'NetworkPolicy')).policyTypes).toEqual(['Ingress']);
    },
  );
});

describe('umbrella with networkPolicy.egress on for both services', () => {
  const objects = render(
    'bookstore',
    staging('bookstore', { set: [`recommendations.${egressOn}`, `marketplace.${egressOn}`] }),
  );
  const mktPolicy = one(objects, 'NetworkPolicy', 'bookstore-marketplace');
  const recsPolicy = one(objects, 'NetworkPolicy', 'bookstore-recommendations');
  const recsPods = podsOf(objects, 'recommendations');
  const grpc =
    spec(one(objects, 'Service', 'bookstore-recommendations')).ports?.find((p) => p.name === 'grpc')?.port ?? 0;

  it('both policies restrict ingress and egress', () => {
    for (const np of [mktPolicy, recsPolicy]) expect(spec(np).policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it.each([['UDP'], ['TCP']])('both may ask kube-dns in kube-system on 53/%s', (protocol) => {
    for (const np of [mktPolicy, recsPolicy]) expect(egressAdmits(np, kubeDns, kubeSystem, 53, protocol)).toBe(true);
  });

  it('marketplace may call the recommendations pods of this release on the grpc port, and on nothing else', () => {
    expect(egressAdmits(mktPolicy, recsPods, here, grpc)).toBe(true);
    expect(egressAdmits(mktPolicy, recsPods, here, 9464)).toBe(false);
    const otherRelease = podsOf(render('bookstore', staging('bookstore', { release: 'other' })), 'recommendations');
    expect(egressAdmits(mktPolicy, otherRelease, here, grpc)).toBe(false);
  });

  it('neither may reach anything else: another pod, DNS elsewhere, the internet', () => {
    for (const np of [mktPolicy, recsPolicy]) {
      expect(egressAdmits(np, { app: 'db' }, here, 5432)).toBe(false);
      expect(egressAdmits(np, kubeDns, here, 53, 'UDP')).toBe(false);
      expect(egressAdmits(np, {}, { labels: {}, sameAsPolicy: false }, 443)).toBe(false);
    }
    expect(egressAdmits(recsPolicy, recsPods, here, grpc)).toBe(false);
  });

  it('has exactly the rules it needs: marketplace DNS + recommendations, recommendations DNS', () => {
    expect(spec(mktPolicy).egress).toHaveLength(2);
    expect(spec(recsPolicy).egress).toHaveLength(1);
  });
});

describe('marketplace egress to a recommendations release of its own', () => {
  const recs = render('recommendations', staging('recommendations', { release: 'recs', namespace: 'backend' }));
  const backend: PodNamespace = { labels: { 'kubernetes.io/metadata.name': 'backend' }, sameAsPolicy: false };

  it('follows recommendations.releaseName and recommendations.namespace', () => {
    const mkt = render(
      'marketplace',
      staging('marketplace', {
        set: [egressOn, 'recommendations.releaseName=recs', 'recommendations.namespace=backend'],
      }),
    );
    expect(egressAdmits(one(mkt, 'NetworkPolicy'), podsOf(recs, 'recs'), backend, 50051)).toBe(true);
    expect(egressAdmits(one(mkt, 'NetworkPolicy'), podsOf(recs, 'recs'), here, 50051)).toBe(false);
  });

  it('with only recommendations.fullnameOverride: any bookstore recommendations pod of that namespace', () => {
    const mkt = render(
      'marketplace',
      staging('marketplace', {
        set: [egressOn, 'recommendations.fullnameOverride=recs-svc', 'recommendations.namespace=backend'],
      }),
    );
    expect(egressAdmits(one(mkt, 'NetworkPolicy'), podsOf(recs, 'recs'), backend, 50051)).toBe(true);
  });

  it("honours a custom DNS peer (e.g. NodeLocal DNSCache's link-local address)", () => {
    const mkt = render(
      'marketplace',
      staging('marketplace', {
        set: [
          egressOn,
          'recommendations.releaseName=recs',
          'networkPolicy.egress.dnsTo[0].ipBlock.cidr=169.254.20.10/32',
        ],
      }),
    );
    const np = one(mkt, 'NetworkPolicy');
    const dnsRule = (spec(np).egress ?? []).find((r) => (r.ports ?? []).some((p) => p.port === 53));
    expect(dnsRule?.to).toEqual([{ ipBlock: { cidr: '169.254.20.10/32' } }]);
    expect(egressAdmits(np, kubeDns, kubeSystem, 53, 'UDP')).toBe(false);
  });
});

// Names that must not cut the services off from each other: nameOverride, the standalone marketplace's
// target, and the NetworkPolicy peers, all derived from one value (global.bookstore.umbrella in the umbrella).
import { describe, expect, it } from 'vitest';
import type { K8sObject, Labels } from './helm';
import { all, ingressAdmits, one, podEnv, podTemplate, render, renderError, staging } from './helm';

const ns = { labels: { 'kubernetes.io/metadata.name': 'default' }, sameAsPolicy: true };
const podsOf = (objects: K8sObject[], name: string): Labels => podTemplate(one(objects, 'Deployment', name)).labels;

describe('umbrella in staging: nameOverride cuts nobody off', () => {
  it("marketplace.nameOverride: recommendations still admits marketplace's pods on grpc", () => {
    const objects = render('bookstore', staging('bookstore', { set: ['marketplace.nameOverride=shop'] }));
    const mkt = one(objects, 'Deployment', 'shop');
    expect(podTemplate(mkt).labels['app.kubernetes.io/name']).toBe('shop');
    expect(ingressAdmits(one(objects, 'NetworkPolicy', 'recommendations'), podTemplate(mkt).labels, ns, 'grpc')).toBe(
      true,
    );
  });

  it('recommendations.nameOverride: the umbrella says which value marketplace needs, then admits it', () => {
    expect(renderError('bookstore', staging('bookstore', { set: ['recommendations.nameOverride=recs'] }))).toContain(
      'set marketplace.recommendations.fullnameOverride=bookstore-recs',
    );
    const objects = render(
      'bookstore',
      staging('bookstore', {
        set: ['recommendations.nameOverride=recs', 'marketplace.recommendations.fullnameOverride=bookstore-recs'],
      }),
    );
    const mkt = one(objects, 'Deployment', 'marketplace');
    expect(podEnv(podTemplate(mkt).spec.containers[0]!, 'RECOMMENDATIONS_HOST', 'default')).toBe(
      'bookstore-recs.default.svc.cluster.local',
    );
    expect(ingressAdmits(one(objects, 'NetworkPolicy', 'bookstore-recs'), podTemplate(mkt).labels, ns, 'grpc')).toBe(
      true,
    );
  });

  it("admits the marketplace and test pods of THIS release only, not another release's in the same namespace", () => {
    const objects = render('bookstore', staging('bookstore'));
    const other = render('bookstore', staging('bookstore', { release: 'other' }));
    const np = one(objects, 'NetworkPolicy', 'bookstore-recommendations');
    expect(ingressAdmits(np, podsOf(objects, 'marketplace'), ns, 'grpc')).toBe(true);
    expect(ingressAdmits(np, podsOf(other, 'marketplace'), ns, 'grpc')).toBe(false);
    expect(ingressAdmits(np, one(other, 'Pod', 'integration-tests').metadata.labels ?? {}, ns, 'grpc')).toBe(false);
  });

  it('the staging values file names no pod labels of its own (the charts derive them)', () => {
    const objects = render('bookstore', staging('bookstore'));
    const tests = one(objects, 'Pod', 'integration-tests').metadata.labels ?? {};
    expect(ingressAdmits(one(objects, 'NetworkPolicy', 'bookstore-recommendations'), tests, ns, 'grpc')).toBe(true);
    expect(ingressAdmits(one(objects, 'NetworkPolicy', 'bookstore-marketplace'), tests, ns, 'http')).toBe(true);
  });
});

describe('marketplace chart on its own: its target', () => {
  it('refuses to render without knowing where recommendations runs, saying what to set', () => {
    const stderr = renderError('marketplace', { release: 'web' });
    expect(stderr).toContain('recommendations.releaseName');
    expect(stderr).toContain('recommendations.fullnameOverride');
    expect(stderr).toContain('helm/bookstore');
  });

  it('renders with recommendations.releaseName, or with recommendations.fullnameOverride', () => {
    for (const set of [['recommendations.releaseName=recs'], ['recommendations.fullnameOverride=recs-svc']]) {
      expect(all(render('marketplace', { release: 'web', set }), 'Deployment')).toHaveLength(1);
    }
  });
});

describe('separate releases in staging: recommendations admits the marketplace release it is told about', () => {
  const mkt = render(
    'marketplace',
    staging('marketplace', { release: 'web', set: ['recommendations.releaseName=recs', 'nameOverride=shop'] }),
  );

  it('by default: any bookstore marketplace of the namespace, whatever its nameOverride', () => {
    const recs = render('recommendations', staging('recommendations', { release: 'recs' }));
    expect(ingressAdmits(one(recs, 'NetworkPolicy'), podsOf(mkt, 'shop'), ns, 'grpc')).toBe(true);
    expect(ingressAdmits(one(recs, 'NetworkPolicy'), { 'app.kubernetes.io/name': 'marketplace' }, ns, 'grpc')).toBe(
      false,
    );
  });

  it("with marketplace.releaseName: that release's pods only", () => {
    const recs = render(
      'recommendations',
      staging('recommendations', { release: 'recs', set: ['marketplace.releaseName=web'] }),
    );
    const otherMkt = render(
      'marketplace',
      staging('marketplace', { release: 'web2', set: ['recommendations.releaseName=recs'] }),
    );
    expect(ingressAdmits(one(recs, 'NetworkPolicy'), podsOf(mkt, 'shop'), ns, 'grpc')).toBe(true);
    expect(ingressAdmits(one(recs, 'NetworkPolicy'), podsOf(otherMkt, 'marketplace'), ns, 'grpc')).toBe(false);
  });

  it('with marketplace.namespace: pods of that namespace', () => {
    const recs = render(
      'recommendations',
      staging('recommendations', { release: 'recs', set: ['marketplace.namespace=frontend'] }),
    );
    const frontend = { labels: { 'kubernetes.io/metadata.name': 'frontend' }, sameAsPolicy: false };
    expect(ingressAdmits(one(recs, 'NetworkPolicy'), podsOf(mkt, 'shop'), frontend, 'grpc')).toBe(true);
    expect(ingressAdmits(one(recs, 'NetworkPolicy'), podsOf(mkt, 'shop'), ns, 'grpc')).toBe(false);
  });
});

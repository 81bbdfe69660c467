// Monitoring as a default kube-prometheus-stack finds it: the release label its selectors match, scrapes
// admitted from its Prometheus pods, metrics on a Service of their own (never the public one), and NOTES.txt.
import { describe, expect, it } from 'vitest';
import type { Chart, Labels, RenderOptions } from './helm';
import { all, ingressAdmits, one, render, renderNotes, selects, spec, staging } from './helm';

/** A chart's staging render with the Prometheus Operator CRDs announced (marketplace told where recommendations is). */
const monitored = (chart: Chart, set: string[] = [], o: RenderOptions = {}) =>
  render(
    chart,
    staging(chart, {
      ...o,
      prometheusOperator: true,
      set: [...(chart === 'marketplace' ? ['recommendations.releaseName=recommendations'] : []), ...set],
    }),
  );
/** The Prometheus pods kube-prometheus-stack runs (the operator labels them app.kubernetes.io/name=prometheus). */
const prometheusPod: Labels = {
  'app.kubernetes.io/name': 'prometheus',
  'operator.prometheus.io/name': 'kube-prometheus-stack-prometheus',
};
const inNamespace = (name: string) => ({ labels: { 'kubernetes.io/metadata.name': name }, sameAsPolicy: false });
const charts: Chart[] = ['recommendations', 'marketplace', 'bookstore'];

describe.each(charts)('%s: ServiceMonitor and PrometheusRule labels', (chart) => {
  it('carry release=kube-prometheus-stack by default: what its default serviceMonitorSelector and ruleSelector match', () => {
    const objects = monitored(chart);
    const found = [...all(objects, 'ServiceMonitor'), ...all(objects, 'PrometheusRule')];
    expect(found.length).toBeGreaterThanOrEqual(2);
    for (const o of found)
      expect(o.metadata.labels?.release, `${o.kind}/${o.metadata.name}`).toBe('kube-prometheus-stack');
  });

  it('carry the release name of another kube-prometheus-stack install when told, and none when it is empty', () => {
    const key = chart === 'bookstore' ? ['recommendations.', 'marketplace.'] : [''];
    const named = monitored(
      chart,
      key.map((k) => `${k}metrics.prometheus.release=monitoring`),
    );
    const none = monitored(
      chart,
      key.map((k) => `${k}metrics.prometheus.release=`),
    );
    for (const kind of ['ServiceMonitor', 'PrometheusRule']) {
      for (const o of all(named, kind)) expect(o.metadata.labels?.release).toBe('monitoring');
      for (const o of all(none, kind)) expect(o.metadata.labels?.release).toBeUndefined();
    }
  });
});

describe.each(charts)('%s: metrics Service', (chart) => {
  const objects = monitored(chart);

  it('each ServiceMonitor selects exactly one Service, of its own, with the metrics port and no other', () => {
    for (const sm of all(objects, 'ServiceMonitor')) {
      const services = all(objects, 'Service').filter((s) => selects(spec(sm).selector, s.metadata.labels ?? {}));
      expect(services.map((s) => s.metadata.name)).toHaveLength(1);
      expect(spec(services[0]!).ports?.map((p) => p.name)).toEqual(['metrics']);
      expect(spec(sm).endpoints?.map((e) => e.port)).toEqual(['metrics']);
    }
  });

  it('no other Service carries the metrics port', () => {
    const withMetrics = all(objects, 'Service').filter((s) => (spec(s).ports ?? []).some((p) => p.name === 'metrics'));
    expect(withMetrics.map((s) => s.metadata.name).sort()).toEqual(
      all(objects, 'ServiceMonitor')
        .map((sm) => `${sm.metadata.name}-metrics`)
        .sort(),
    );
  });

  it('the alerts select the series Prometheus scrapes through that Service (its name is their service label)', () => {
    for (const rule of all(objects, 'PrometheusRule')) {
      const exprs = (spec(rule).groups ?? []).flatMap((g) => g.rules.map((r) => r.expr));
      for (const e of exprs) expect(e).toContain(`service="${rule.metadata.name}-metrics"`);
    }
  });
});

describe('marketplace: /metrics never on the public Service', () => {
  it.each(['ClusterIP', 'LoadBalancer', 'NodePort'])(
    'a %s marketplace Service exposes http only; the metrics Service stays internal',
    (type) => {
      const objects = render('marketplace', {
        release: 'web',
        set: ['recommendations.releaseName=r', `service.type=${type}`],
      });
      const svc = one(objects, 'Service', 'web-marketplace');
      expect(svc.metadata.name).toBe('web-marketplace');
      expect(spec(svc).type).toBe(type);
      expect(spec(svc).ports?.map((p) => p.name)).toEqual(['http']);
      const metrics = one(objects, 'Service', 'web-marketplace-metrics');
      expect(spec(metrics).type ?? 'ClusterIP').toBe('ClusterIP');
    },
  );
});

describe.each(['recommendations', 'marketplace'] as const)('%s NetworkPolicy: who may scrape', (chart) => {
  const np = (set: string[] = []) => one(monitored(chart, set), 'NetworkPolicy');

  it.each(['monitoring', 'kube-prometheus-stack', 'observability'])(
    "admits kube-prometheus-stack's Prometheus pods in namespace %s by default",
    (ns) => {
      expect(ingressAdmits(np(), prometheusPod, inNamespace(ns), 'metrics')).toBe(true);
    },
  );

  it('admits no other pod on the metrics port by default', () => {
    expect(ingressAdmits(np(), { app: 'curl' }, inNamespace('monitoring'), 'metrics')).toBe(false);
  });

  it('with metrics.prometheus.namespace: admits Prometheus from that namespace only', () => {
    const policy = np(['metrics.prometheus.namespace=observability']);
    expect(ingressAdmits(policy, prometheusPod, inNamespace('observability'), 'metrics')).toBe(true);
    expect(ingressAdmits(policy, prometheusPod, inNamespace('monitoring'), 'metrics')).toBe(false);
  });

  it('keeps networkPolicy.metricsFrom peers as well', () => {
    const policy = np(['networkPolicy.metricsFrom[0].namespaceSelector.matchLabels.scraper=yes']);
    expect(
      ingressAdmits(policy, { app: 'agent' }, { labels: { scraper: 'yes' }, sameAsPolicy: false }, 'metrics'),
    ).toBe(true);
    expect(ingressAdmits(policy, prometheusPod, inNamespace('monitoring'), 'metrics')).toBe(true);
  });
});

describe('NOTES.txt on monitoring', () => {
  const notesOf = (chart: Chart, set: string[] = []) =>
    renderNotes(
      chart,
      staging(chart, {
        release: 'shop',
        namespace: 'prod',
        prometheusOperator: true,
        set: [...(chart === 'marketplace' ? ['recommendations.releaseName=r'] : []), ...set],
      }),
    );

  it.each(charts)('%s: names the release label and the Prometheus the NetworkPolicy admits', (chart) => {
    const notes = notesOf(chart);
    expect(notes).toContain('release=kube-prometheus-stack');
    expect(notes).toContain('metrics.prometheus.release');
    expect(notes).toMatch(/app\.kubernetes\.io\/name=prometheus in any namespace/);
  });

  it('umbrella: with another release and namespace, says so', () => {
    const notes = notesOf('bookstore', [
      'recommendations.metrics.prometheus.release=mon',
      'marketplace.metrics.prometheus.release=mon',
      'recommendations.metrics.prometheus.namespace=obs',
      'marketplace.metrics.prometheus.namespace=obs',
    ]);
    expect(notes).toContain('release=mon');
    expect(notes).toMatch(/app\.kubernetes\.io\/name=prometheus in namespace obs/);
  });

  it('says nothing about monitoring when it is off (the kind defaults)', () => {
    expect(renderNotes('bookstore', { release: 'shop', namespace: 'prod' })).not.toContain('kube-prometheus-stack');
  });
});

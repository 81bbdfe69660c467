// NOTES.txt commands work as printed for a non-root user, and its DNS names follow clusterDomain.
import { describe, expect, it } from 'vitest';
import type { Chart, RenderOptions } from './helm';
import { renderNotes } from './helm';

const marketplaceTarget = ['recommendations.releaseName=recommendations'];
const notes = (chart: Chart, o: RenderOptions = {}) =>
  renderNotes(chart, {
    release: 'shop',
    namespace: 'prod',
    ...o,
    set: [...(chart === 'marketplace' ? marketplaceTarget : []), ...(o.set ?? [])],
  });
/** The local ports of every `kubectl port-forward` line. */
const localPorts = (text: string) => [...text.matchAll(/port-forward \S+ (\d+):(\d+)/g)].map((m) => Number(m[1]));

describe('NOTES.txt port-forward commands', () => {
  it.each([
    ['bookstore', 'marketplace.service.port=80', 'service/shop-marketplace 8080:80'],
    ['marketplace', 'service.port=443', 'service/shop-marketplace 8080:443'],
  ] as const)('%s with %s: forwards an unprivileged local port to it', (chart, set, expected) => {
    const text = notes(chart, { set: [set] });
    expect(text).toContain(expected);
    expect(text).toContain('http://localhost:8080');
  });

  it.each(['bookstore', 'marketplace', 'recommendations'] as const)(
    '%s: every local port is 1024 or above, with the defaults too',
    (chart) => {
      const ports = localPorts(notes(chart));
      expect(ports.length).toBeGreaterThan(0);
      for (const p of ports) expect(p).toBeGreaterThanOrEqual(1024);
    },
  );

  it('keeps the Service port as the local port when it is unprivileged already', () => {
    expect(notes('bookstore', { set: ['marketplace.service.port=9090'] })).toContain(
      'service/shop-marketplace 9090:9090',
    );
  });
});

describe('NOTES.txt DNS names', () => {
  it.each([
    ['bookstore', ['marketplace.clusterDomain=corp.internal', 'recommendations.clusterDomain=corp.internal']],
    ['marketplace', ['clusterDomain=corp.internal']],
    ['recommendations', ['clusterDomain=corp.internal']],
  ] as const)('%s: use clusterDomain, never a hard-coded cluster.local', (chart, set) => {
    const text = notes(chart, { set: [...set] });
    expect(text).toContain('.svc.corp.internal');
    expect(text).not.toContain('cluster.local');
  });
});

import { Registry, collectDefaultMetrics } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MISNAMED_DEFAULT_METRICS, collectLintCleanDefaultMetrics } from '../../src/metrics/default-metrics';

/** The metric names a registry exposes. */
const namesOf = async (registry: Registry) => (await registry.getMetricsAsJSON()).map((metric) => metric.name);

describe('collectLintCleanDefaultMetrics', () => {
  it('registers the default metrics without the gauges named like counters, keeping their labelled totals', async () => {
    const registry = new Registry();
    collectLintCleanDefaultMetrics(registry);
    const names = await namesOf(registry);
    for (const name of MISNAMED_DEFAULT_METRICS) expect(names).not.toContain(name);
    expect(names).toEqual(
      expect.arrayContaining([
        'nodejs_active_handles',
        'process_cpu_user_seconds_total',
        'nodejs_heap_size_used_bytes',
      ]),
    );
  });

  it('is needed: prom-client itself still registers them', async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    expect(await namesOf(registry)).toEqual(expect.arrayContaining([...MISNAMED_DEFAULT_METRICS]));
  });
});

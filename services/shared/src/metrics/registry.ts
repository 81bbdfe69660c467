import { Counter, Histogram, Registry } from 'prom-client';
import type { CounterConfiguration, HistogramConfiguration } from 'prom-client';
import { collectLintCleanDefaultMetrics } from './default-metrics';

/**
 * Latency buckets in seconds, finer below 100 ms where these services live; shared so the gRPC and HTTP
 * histograms of both services can be compared and aggregated in one dashboard.
 */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A fresh registry with Node's default process metrics; one per app, so tests never share global state. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectLintCleanDefaultMetrics(registry);
  return registry;
}

/** Returns the registry's counter of that name, creating it once; instrumentation may be built twice. */
export function counter<T extends string>(registry: Registry, config: CounterConfiguration<T>): Counter<T> {
  const existing = registry.getSingleMetric(config.name);
  return (existing as Counter<T> | undefined) ?? new Counter({ ...config, registers: [registry] });
}

/** Returns the registry's histogram of that name, creating it once with {@link LATENCY_BUCKETS} by default. */
export function histogram<T extends string>(registry: Registry, config: HistogramConfiguration<T>): Histogram<T> {
  const existing = registry.getSingleMetric(config.name);
  return (
    (existing as Histogram<T> | undefined) ??
    new Histogram({ buckets: LATENCY_BUCKETS, ...config, registers: [registry] })
  );
}

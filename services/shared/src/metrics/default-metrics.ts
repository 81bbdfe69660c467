import { collectDefaultMetrics } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * prom-client's default metrics that break Prometheus' naming rules: gauges with a counter's `_total`
 * suffix, so `promtool check metrics` fails the whole page. Each only sums its labelled gauge
 * (`nodejs_active_handles{type}` and so on), so nothing is lost: `sum(nodejs_active_handles)` is the total.
 * Upstream: https://github.com/prometheus/client_js/issues/283 (open; prom-client 15.1.3 is the latest).
 */
export const MISNAMED_DEFAULT_METRICS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

/** Registers Node's default process metrics on `registry`, without the misnamed ones. */
export function collectLintCleanDefaultMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULT_METRICS) registry.removeSingleMetric(name);
}

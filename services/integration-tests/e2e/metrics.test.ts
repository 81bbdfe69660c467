import { beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '@bookstore/testing';
import { cluster } from './support/cluster-context';
import { fetchInNetwork } from './support/in-network';
import { ensureHealthy } from './support/replicas';

const info = cluster();

// Node's default metrics, which both services register (prom-client collectDefaultMetrics).
const PROCESS_METRICS = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'process_start_time_seconds',
  'nodejs_eventloop_lag_seconds',
];

/** The metric families a /metrics page declares (its `# TYPE` lines). */
function families(text: string): Set<string> {
  return new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1] ?? ''));
}

/** Asserts that every name is declared on the page, naming the missing ones. */
function expectFamilies(text: string, names: readonly string[], where: string): void {
  const declared = families(text);
  const missing = names.filter((name) => !declared.has(name));
  expect(missing, `${where} lacks metric families ${missing.join(', ')}`).toEqual([]);
}

describe('/metrics, scraped from inside the network', () => {
  beforeAll(() => ensureHealthy(info));

  it.each(info.replicas)('of recommendations replica %s has the gRPC server and process metrics', async (replica) => {
    const text = await fetchInNetwork(info.toolbox, `http://${replica}:9464/metrics`);
    expectFamilies(
      text,
      ['grpc_server_started_total', 'grpc_server_handled_total', 'grpc_server_handling_seconds', ...PROCESS_METRICS],
      `${replica}:9464/metrics`,
    );
  });

  it('of marketplace has the HTTP, gRPC client, degraded-render and process metrics', async () => {
    const text = await fetchInNetwork(info.toolbox, `http://${info.marketplace}:9465/metrics`);
    expectFamilies(
      text,
      [
        'http_request_duration_seconds',
        'grpc_client_started_total',
        'grpc_client_handled_total',
        'grpc_client_handling_seconds',
        'marketplace_degraded_renders_total',
        ...PROCESS_METRICS,
      ],
      `${info.marketplace}:9465/metrics`,
    );
    // The homepages the setup loaded went through the client interceptor, so its counter has counted them.
    const calls = sampleValue(text, 'grpc_client_handled_total', { grpc_method: 'Recommend', grpc_code: 'OK' }) ?? 0;
    expect(calls, 'marketplace counted no successful Recommend call, though homepages were served').toBeGreaterThan(0);
  });
});

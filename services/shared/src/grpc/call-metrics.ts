import type * as grpc from '@grpc/grpc-js';
import type { Histogram, Registry } from 'prom-client';
import { counter, histogram } from '../metrics/registry';
import { codeName, methodLabels } from './method-labels';
import type { MethodLabels } from './method-labels';

/** Which end of a call is measured; it prefixes the metric names (`grpc_server_*`, `grpc_client_*`). */
export type CallSide = 'server' | 'client';

/** Starts measuring one call of a method; the returned function ends it with its status code. */
export type BeginCall = (path: string, requestStream: boolean, responseStream: boolean) => (code: grpc.status) => void;

/** Per-method state: labels built once, and call counts kept as plain numbers. */
interface MethodStats {
  labels: MethodLabels;
  /** The histogram's child for these labels, so a call does not pass (and prom-client not copy) them. */
  seconds: Histogram.Internal<keyof MethodLabels>;
  started: number;
  handled: Map<grpc.status, number>;
}

const HELP: Record<CallSide, { started: string; handled: string; seconds: string }> = {
  server: {
    started: 'Total number of RPCs started on the server.',
    handled: 'Total number of RPCs completed on the server, regardless of success or failure.',
    seconds: 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
  },
  client: {
    started: 'Total number of RPCs started on the client.',
    handled: 'Total number of RPCs completed by the client, regardless of success or failure.',
    seconds: 'Histogram of response latency (seconds) of the gRPC until it is finished by the application.',
  },
};

const perRegistry = new WeakMap<Registry, Map<CallSide, BeginCall>>();

/**
 * The grpc-ecosystem metrics of one side: `grpc_<side>_started_total`, `grpc_<side>_handled_total` and
 * `grpc_<side>_handling_seconds`. The counters are plain numbers per method, handed to prom-client only
 * when /metrics is scraped (its collect hook): prom-client's per-call label hashing and validation cost
 * the RPC about 10% of its CPU (bench/README.md). One instance per registry and side, so every
 * interceptor built on a registry reports into the same counts.
 */
export function callMetrics(registry: Registry, side: CallSide): BeginCall {
  const cached = perRegistry.get(registry)?.get(side);
  if (cached) return cached;

  const stats = new Map<string, MethodStats>();
  const labelNames = ['grpc_type', 'grpc_service', 'grpc_method'] as const;
  counter(registry, {
    name: `grpc_${side}_started_total`,
    help: HELP[side].started,
    labelNames,
    collect() {
      this.reset();
      for (const method of stats.values()) this.inc(method.labels, method.started);
    },
  });
  counter(registry, {
    name: `grpc_${side}_handled_total`,
    help: HELP[side].handled,
    labelNames: [...labelNames, 'grpc_code'],
    collect() {
      this.reset();
      for (const method of stats.values()) {
        for (const [code, count] of method.handled) this.inc({ ...method.labels, grpc_code: codeName(code) }, count);
      }
    },
  });
  const seconds = histogram(registry, { name: `grpc_${side}_handling_seconds`, help: HELP[side].seconds, labelNames });

  const begin: BeginCall = (path, requestStream, responseStream) => {
    let method = stats.get(path);
    if (!method) {
      const labels = methodLabels(path, requestStream, responseStream);
      method = { labels, seconds: seconds.labels(labels), started: 0, handled: new Map() };
      stats.set(path, method);
    }
    const { handled, seconds: observed } = method;
    method.started += 1;
    const startedAt = performance.now();
    return (code) => {
      observed.observe((performance.now() - startedAt) / 1000);
      handled.set(code, (handled.get(code) ?? 0) + 1);
    };
  };
  const sides = perRegistry.get(registry) ?? new Map<CallSide, BeginCall>();
  sides.set(side, begin);
  perRegistry.set(registry, sides);
  return begin;
}

import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { counter, histogram } from '../metrics/registry';
import { codeName, methodLabels } from './method-labels';

/**
 * A server interceptor recording `grpc_server_started_total`, `grpc_server_handled_total` and the
 * `grpc_server_handling_seconds` histogram for every call, so no handler has to.
 */
export function serverMetricsInterceptor(registry: Registry): grpc.ServerInterceptor {
  const labelNames = ['grpc_type', 'grpc_service', 'grpc_method'] as const;
  const started = counter(registry, {
    name: 'grpc_server_started_total',
    help: 'Total number of RPCs started on the server.',
    labelNames,
  });
  const handled = counter(registry, {
    name: 'grpc_server_handled_total',
    help: 'Total number of RPCs completed on the server, regardless of success or failure.',
    labelNames: [...labelNames, 'grpc_code'],
  });
  const seconds = histogram(registry, {
    name: 'grpc_server_handling_seconds',
    help: 'Histogram of response latency (seconds) of gRPC that had been application-level handled by the server.',
    labelNames,
  });

  return (method, call) => {
    const labels = methodLabels(method.path, method.requestStream, method.responseStream);
    started.inc(labels);
    const stopTimer = seconds.startTimer(labels);
    let finished = false;
    // A call ends once: with a status, or cancelled by the client or its deadline, when no status goes out.
    const finish = (code: grpc.status) => {
      if (finished) return;
      finished = true;
      stopTimer();
      handled.inc({ ...labels, grpc_code: codeName(code) });
    };
    return new grpc.ServerInterceptingCall(call, {
      start: (next) => next({ onCancel: () => finish(grpc.status.CANCELLED) }),
      sendStatus: (status, next) => {
        finish(status.code);
        next(status);
      },
    });
  };
}

import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { callMetrics } from './call-metrics';

/**
 * A server interceptor recording `grpc_server_started_total`, `grpc_server_handled_total` and the
 * `grpc_server_handling_seconds` histogram for every call, so no handler has to.
 */
export function serverMetricsInterceptor(registry: Registry): grpc.ServerInterceptor {
  const begin = callMetrics(registry, 'server');
  return (method, call) => {
    const end = begin(method.path, method.requestStream, method.responseStream);
    let finished = false;
    // A call ends once: with a status, or cancelled by the client or its deadline, when no status goes out.
    const finish = (code: grpc.status) => {
      if (finished) return;
      finished = true;
      end(code);
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

import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { callMetrics } from './call-metrics';

/**
 * A client interceptor recording `grpc_client_started_total`, `grpc_client_handled_total` and the
 * `grpc_client_handling_seconds` histogram, by the same convention as the server side.
 */
export function clientMetricsInterceptor(registry: Registry): grpc.Interceptor {
  const begin = callMetrics(registry, 'client');
  return (options, nextCall) => {
    const { path, requestStream, responseStream } = options.method_definition;
    const end = begin(path, requestStream, responseStream);
    return new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        next(metadata, {
          onReceiveStatus: (status, nextStatus) => {
            end(status.code);
            nextStatus(status);
          },
        });
      },
    });
  };
}

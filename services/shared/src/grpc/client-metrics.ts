import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { counter, histogram } from '../metrics/registry';
import { codeName, methodLabels } from './method-labels';

/**
 * A client interceptor recording `grpc_client_started_total`, `grpc_client_handled_total` and the
 * `grpc_client_handling_seconds` histogram, by the same convention as the server side.
 */
export function clientMetricsInterceptor(registry: Registry): grpc.Interceptor {
  const labelNames = ['grpc_type', 'grpc_service', 'grpc_method'] as const;
  const started = counter(registry, {
    name: 'grpc_client_started_total',
    help: 'Total number of RPCs started on the client.',
    labelNames,
  });
  const handled = counter(registry, {
    name: 'grpc_client_handled_total',
    help: 'Total number of RPCs completed by the client, regardless of success or failure.',
    labelNames: [...labelNames, 'grpc_code'],
  });
  const seconds = histogram(registry, {
    name: 'grpc_client_handling_seconds',
    help: 'Histogram of response latency (seconds) of the gRPC until it is finished by the application.',
    labelNames,
  });

  return (options, nextCall) => {
    const { path, requestStream, responseStream } = options.method_definition;
    const labels = methodLabels(path, requestStream, responseStream);
    started.inc(labels);
    const stopTimer = seconds.startTimer(labels);
    return new grpc.InterceptingCall(nextCall(options), {
      start: (metadata, listener, next) => {
        next(metadata, {
          onReceiveStatus: (status, nextStatus) => {
            stopTimer();
            handled.inc({ ...labels, grpc_code: codeName(status.code) });
            nextStatus(status);
          },
        });
      },
    });
  };
}

import type * as grpc from '@grpc/grpc-js';
import type { ConnectionLimits } from '../config';
import { metadataLimitInterceptor } from './metadata-limit';

/**
 * The options every gRPC server of both services is built with: connections idle for `idleTimeoutMs`
 * are closed (grpc-js counts one that never starts a call as idle from the start, so a silent connection
 * goes too), the concurrent-stream limit is advertised, and oversized request metadata is refused.
 * `interceptors` run inside the metadata limit.
 */
export function grpcServerOptions(
  limits: ConnectionLimits,
  interceptors: grpc.ServerInterceptor[] = [],
): grpc.ServerOptions {
  return {
    'grpc.max_connection_idle_ms': limits.idleTimeoutMs,
    'grpc.max_concurrent_streams': limits.maxConcurrentStreams,
    interceptors: [...interceptors, metadataLimitInterceptor(limits.maxMetadataBytes)],
  };
}

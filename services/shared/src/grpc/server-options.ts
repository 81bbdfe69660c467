import type * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { ConnectionLimits } from '../config';
import { serverCallInterceptor } from './server-call';

/** What a server adds to the options every server has. */
export interface GrpcServerExtras {
  /** Records the `grpc_server_*` metrics of every call here. */
  registry?: Registry;
  /** Run inside the call layer (metadata limit and metrics), in grpc-js's order: the last is the outermost. */
  interceptors?: grpc.ServerInterceptor[];
}

/**
 * The options every gRPC server of both services is built with: connections idle for `idleTimeoutMs`
 * are closed (grpc-js counts one that never starts a call as idle from the start, so a silent connection
 * goes too), the concurrent-stream limit is advertised, and oversized request metadata is refused.
 */
export function grpcServerOptions(
  limits: ConnectionLimits,
  { registry, interceptors = [] }: GrpcServerExtras = {},
): grpc.ServerOptions {
  return {
    'grpc.max_connection_idle_ms': limits.idleTimeoutMs,
    'grpc.max_concurrent_streams': limits.maxConcurrentStreams,
    interceptors: [...interceptors, serverCallInterceptor({ maxMetadataBytes: limits.maxMetadataBytes, registry })],
  };
}

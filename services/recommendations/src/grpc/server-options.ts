import type * as grpc from '@grpc/grpc-js';
import { grpcServerOptions } from '@bookstore/shared';
import type { GrpcServerExtras } from '@bookstore/shared';
import type { RecommendationsConfig } from '../config';

/**
 * Every option recommendations' gRPC server is built with: the ones all our servers share (with the call
 * layer and `extras`' interceptors) and its own connection age and message limit. The bench's bare server
 * takes the same options from here, so the two cannot drift apart.
 */
export function recommendationsServerOptions(
  config: RecommendationsConfig,
  extras: GrpcServerExtras = {},
): grpc.ServerOptions {
  return {
    ...grpcServerOptions(config.connections, extras),
    'grpc.max_connection_age_ms': config.maxConnectionAgeMs,
    'grpc.max_connection_age_grace_ms': config.shutdownGraceMs,
    'grpc.max_receive_message_length': config.maxReceiveMessageBytes,
  };
}

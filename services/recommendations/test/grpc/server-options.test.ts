import type * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { recommendationsServerOptions } from '../../src/grpc/server-options';

describe('recommendationsServerOptions', () => {
  it('carries the connection age, its grace, the message limit and the shared connection options of the config', () => {
    const config = loadConfig({ MAX_CONNECTION_AGE_MS: '60000', MAX_RECEIVE_MESSAGE_BYTES: '2048' });
    expect(recommendationsServerOptions(config)).toMatchObject({
      'grpc.max_connection_age_ms': 60_000,
      'grpc.max_connection_age_grace_ms': config.shutdownGraceMs,
      'grpc.max_receive_message_length': 2048,
      'grpc.max_connection_idle_ms': config.connections.idleTimeoutMs,
      'grpc.max_concurrent_streams': config.connections.maxConcurrentStreams,
    });
  });

  it('runs the given interceptors inside the call layer, which comes last', () => {
    const inner: grpc.ServerInterceptor = (_method, call) => call as grpc.ServerInterceptingCall;
    const { interceptors } = recommendationsServerOptions(loadConfig({}), { interceptors: [inner] });
    expect(interceptors).toHaveLength(2);
    expect(interceptors?.[0]).toBe(inner);
  });
});

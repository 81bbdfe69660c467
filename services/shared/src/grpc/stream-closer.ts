import * as grpc from '@grpc/grpc-js';

/** Ends long-lived server streams (health Watch) when a drain begins. */
export interface StreamCloser {
  /** The interceptor that tracks open server-streaming calls. */
  interceptor: grpc.ServerInterceptor;
  /** Ends every tracked stream with UNAVAILABLE, so watchers reconnect elsewhere and the drain is not held. */
  closeAll(): void;
}

/**
 * A health Watch never finishes by itself, so tryShutdown would wait for it until the grace period ends.
 * Tracking server streams lets the drain end them once their last status (NOT_SERVING) has gone out.
 */
export function createStreamCloser(): StreamCloser {
  const open = new Set<grpc.ServerInterceptingCallInterface>();
  return {
    interceptor: (method, call) => {
      // A call that is not a server stream ends by itself: passed on as it is, it costs no intercepting layer.
      // grpc-js types an interceptor's result as its class but chains any call (its own first one is not).
      if (!method.responseStream) return call as grpc.ServerInterceptingCall;
      open.add(call);
      return new grpc.ServerInterceptingCall(call, {
        start: (next) => next({ onCancel: () => open.delete(call) }),
        sendStatus: (status, next) => {
          open.delete(call);
          next(status);
        },
      });
    },
    closeAll: () => {
      for (const call of open) {
        call.sendStatus({
          code: grpc.status.UNAVAILABLE,
          details: 'Server is shutting down',
          metadata: new grpc.Metadata(),
        });
      }
      open.clear();
    },
  };
}

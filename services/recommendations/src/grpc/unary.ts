import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '@bookstore/shared';
import { toErrorStatus } from './error-status';

/** True for a promise or any other thenable a handler may return. */
function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Adapts a plain (possibly async) function into a grpc-js unary handler. Whatever it throws or rejects
 * with goes through toErrorStatus, so a handler can never crash the process or leave a call unanswered.
 * A synchronous result is answered at once: Promise hops on every call cost the RPC CPU (bench/README.md).
 */
export function unary<Request, Response>(
  logger: Logger,
  handle: (request: Request) => Response | PromiseLike<Response>,
): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    let result: Response | PromiseLike<Response>;
    try {
      result = handle(call.request);
    } catch (error: unknown) {
      callback(toErrorStatus(error, logger));
      return;
    }
    if (!isThenable(result)) {
      callback(null, result);
      return;
    }
    result.then(
      (response) => callback(null, response),
      (error: unknown) => callback(toErrorStatus(error, logger)),
    );
  };
}

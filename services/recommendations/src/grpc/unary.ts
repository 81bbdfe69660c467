import type * as grpc from '@grpc/grpc-js';
import type { Logger } from '@bookstore/shared';
import { toErrorStatus } from './error-status';

/**
 * Adapts a plain (possibly async) function into a grpc-js unary handler. Whatever it throws or rejects
 * with goes through toErrorStatus, so a handler can never crash the process or leave a call unanswered.
 */
export function unary<Request, Response>(
  logger: Logger,
  handle: (request: Request) => Response | Promise<Response>,
): grpc.handleUnaryCall<Request, Response> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toErrorStatus(error, logger)),
      );
  };
}

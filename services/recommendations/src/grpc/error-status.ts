import * as grpc from '@grpc/grpc-js';
import type { Logger } from '@bookstore/shared';
import { CategoryNotFoundError, InvalidArgumentError } from '../errors';

/** A status the handler sends instead of a response. */
export type ErrorStatus = Pick<grpc.StatusObject, 'code' | 'details'>;

/**
 * The one place where errors become gRPC statuses: typed domain errors keep their message; anything
 * else is a bug, logged here once with its stack and answered with a generic INTERNAL that leaks nothing.
 */
export function toErrorStatus(error: unknown, logger: Logger): ErrorStatus {
  if (error instanceof CategoryNotFoundError) return { code: grpc.status.NOT_FOUND, details: error.message };
  if (error instanceof InvalidArgumentError) return { code: grpc.status.INVALID_ARGUMENT, details: error.message };
  logger.error({ err: error }, 'unexpected error while handling a call');
  return { code: grpc.status.INTERNAL, details: 'Internal error' };
}

import { format } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../logger';

/**
 * Sends grpc-js's own log lines (e.g. "No address added out of total 1 resolved" on a port in use, or
 * GRPC_TRACE output) through `logger`, so they are JSON like every other line, instead of its plain
 * `E ...` lines on stderr. GRPC_VERBOSITY still decides which of them grpc-js writes.
 */
export function routeGrpcLogs(logger: Logger): void {
  const line =
    (level: 'error' | 'info' | 'debug') =>
    (message?: unknown, ...params: unknown[]) =>
      logger[level]({ source: 'grpc-js' }, format(message, ...params));
  grpc.setLogger({ error: line('error'), info: line('info'), debug: line('debug') });
}

import { routeGrpcLogs } from './grpc/logging';
import { createLogger } from './logger';
import type { Logger } from './logger';

/**
 * Runs a service's start-up with the JSON logger it keeps for its life (at `info` until the config sets
 * its level; grpc-js's lines go through it too). If start-up fails (a bad variable, a port in use), that
 * is one `fatal` JSON line, flushed, then exit 1: every line the process writes is JSON.
 */
export function runService(name: string, start: (logger: Logger) => Promise<void>): void {
  const logger = createLogger({ name, level: 'info' });
  routeGrpcLogs(logger);
  start(logger).catch((error: unknown) => {
    logger.fatal({ err: error }, `${name} failed to start`);
    logger.flush(() => process.exit(1));
  });
}

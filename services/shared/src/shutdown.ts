import closeWithGrace from 'close-with-grace';
import type { Logger } from './logger';

/**
 * Runs `close` once on SIGTERM or SIGINT (or a fatal error) and exits 0 when it resolves.
 * close-with-grace exits 1 if `close` throws or outlives `hardLimitMs`; that limit is only a backstop,
 * set above the services' own grace period, after which they have already forced their shutdown.
 */
export function handleShutdown(logger: Logger, hardLimitMs: number, close: () => Promise<void>): void {
  closeWithGrace(
    { delay: hardLimitMs, logger: { error: (message: unknown) => logger.error(message) } },
    async ({ signal, err }) => {
      if (err) logger.error({ err }, 'fatal error, shutting down');
      else logger.info({ signal }, 'shutdown started');
      await close();
      logger.info('shutdown complete');
      logger.flush();
    },
  );
}

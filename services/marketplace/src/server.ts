import { handleShutdown, runService } from '@bookstore/shared';
import { createMarketplaceApp } from './app';
import { loadConfig } from './config';

/** Wires the process: config, app, listen, and a graceful stop on SIGTERM or SIGINT. */
runService('marketplace', async (logger) => {
  const config = loadConfig(process.env);
  logger.level = config.logLevel;
  const app = createMarketplaceApp({ config, logger });
  handleShutdown(logger, config.shutdownDelayMs + config.shutdownGraceMs + 5000, () => app.close());
  await app.listen();
});

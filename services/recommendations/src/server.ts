import { handleShutdown, runService } from '@bookstore/shared';
import { createRecommendationsApp } from './app';
import { loadConfig } from './config';

/** Wires the process: config, app, listen, and a graceful stop on SIGTERM or SIGINT. */
runService('recommendations', async (logger) => {
  const config = loadConfig(process.env);
  logger.level = config.logLevel;
  const app = createRecommendationsApp({ config, logger });
  handleShutdown(logger, config.shutdownGraceMs + 5000, () => app.close());
  await app.listen();
});

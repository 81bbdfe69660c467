import { createLogger, handleShutdown } from '@bookstore/shared';
import { createRecommendationsApp } from './app';
import { loadConfig } from './config';

/** Wires the process: config, app, listen, and a graceful stop on SIGTERM or SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ name: 'recommendations', level: config.logLevel });
  const app = createRecommendationsApp({ config, logger });
  handleShutdown(logger, config.shutdownGraceMs + 5000, () => app.close());
  await app.listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`recommendations failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { Writable } from 'node:stream';
import { createLogger } from '@bookstore/shared';
import type { Logger } from '@bookstore/shared';

/** A logger whose JSON lines are kept in memory, so tests can assert what was logged (and how often). */
export function captureLogger(name = 'test'): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ name, level: 'debug', destination });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

import pino from 'pino';

export type Logger = pino.Logger;

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** Service name, written on every line so aggregated logs stay attributable. */
  name: string;
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  level: string;
  /** Where lines go; stdout by default. Tests pass a stream to read what was logged. */
  destination?: pino.DestinationStream;
}

/** Creates the structured JSON logger both services use: one line per event, ISO time, textual level. */
export function createLogger({ name, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/** How a drain ended: everything finished by itself, or what was left was cut when the grace period ran out. */
export type DrainOutcome = 'graceful' | 'forced';

/**
 * Starts a graceful close and resolves with its outcome: `graceful` once `close` reports done within
 * `graceMs`, else `forced` after `force` cut whatever was left. Never rejects, so a shutdown always completes;
 * the timer does not keep the process alive.
 */
export function drainWithin(
  graceMs: number,
  close: (done: () => void) => void,
  force: () => void,
): Promise<DrainOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      force();
      resolve('forced');
    }, graceMs);
    timer.unref();
    close(() => {
      clearTimeout(timer);
      resolve('graceful');
    });
  });
}

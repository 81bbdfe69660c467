/**
 * Test preload (`node --expose-gc --import <this file>`): SIGWINCH runs a full garbage collection, so a
 * test can sample the heap of live objects, not whatever garbage is still uncollected. SIGWINCH because
 * the usual picks are taken: close-with-grace shuts down on SIGUSR2, and SIGUSR1 opens the inspector.
 */
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('gc-on-signal.ts needs node --expose-gc');
process.on('SIGWINCH', () => gc());

export {};

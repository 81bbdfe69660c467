// Steady homepage load from inside the cluster, through the marketplace Service (kube-proxy balances it
// over the pods, so it survives their rollouts, unlike a port-forward). Run by the kind e2e suite as a
// pod of the integration-tests image, with Node's own TypeScript support:
//   node load/homepage-load.mts      (LOAD_URL, LOAD_CONCURRENCY, LOAD_MAX_SECONDS, LOAD_MAX_REQUESTS, ...)
// It stops at the first of: LOAD_MAX_SECONDS, LOAD_MAX_REQUESTS, or the file LOAD_STOP_FILE appearing.
// It prints "LOAD-STARTED" as the first request goes out, then the summary as one JSON line.
import { existsSync } from 'node:fs';
import { runLoad } from '@bookstore/testing/http-load';

const env = (name: string, fallback: string): string => process.env[name] || fallback;
const int = (name: string, fallback: number, min = 1): number => {
  const value = Number(env(name, String(fallback)));
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
};

const url = env('LOAD_URL', 'http://bookstore-marketplace:8080/');
const stopFile = env('LOAD_STOP_FILE', '/tmp/stop');
const degradedNotice = 'Recommendations are unavailable right now';

const stop = new AbortController();
const poll = setInterval(() => existsSync(stopFile) && stop.abort(), 250);
let notices = 0;
console.log('LOAD-STARTED');
const summary = await runLoad({
  url,
  concurrency: int('LOAD_CONCURRENCY', 4),
  durationMs: int('LOAD_MAX_SECONDS', 120) * 1000,
  maxRequests: int('LOAD_MAX_REQUESTS', 20_000),
  requestTimeoutMs: int('LOAD_REQUEST_TIMEOUT_MS', 5000),
  pauseMs: int('LOAD_PAUSE_MS', 20, 0),
  signal: stop.signal,
  // Anything but the full homepage (the notice, or not exactly 3 books) counts as degraded; pages with
  // the notice are also counted apart, for the outage step (every page must be the notice page).
  isDegraded: (body) => {
    const notice = body.includes(degradedNotice);
    if (notice) notices += 1;
    return notice || (body.match(/<li[\s>]/g) ?? []).length !== 3;
  },
});
clearInterval(poll);
const { results, ...figures } = summary;
const slowest = results.toSorted((a, b) => b.ms - a.ms).slice(0, 5);
// When each failure started (Date.now()), to line it up with what the test did to the cluster at that moment.
const failedAt = results.filter((r) => r.status !== 200).slice(0, 20);
console.log(JSON.stringify({ ...figures, notices, url, slowest, failedAt }));

import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** A run of HTTP GETs: how many, how fast, and when to stop. */
export interface LoadOptions {
  url: string;
  /** Requests in flight at once; one worker each. */
  concurrency: number;
  /** No request starts after this long. */
  durationMs: number;
  /** No request starts after this many, whatever the time. */
  maxRequests: number;
  /** A request still running after this is abandoned and counted as failed (`TIMEOUT`). */
  requestTimeoutMs: number;
  /** Stops starting requests early. */
  signal?: AbortSignal;
  /** Recognises a degraded page: answered, but without what it should show. */
  isDegraded?: (body: string) => boolean;
  /** Reuse connections like browsers and proxies do (default), or open one per request. */
  keepAlive?: boolean;
  /** A worker's pause between its requests, for a steady rather than saturating rate. */
  pauseMs?: number;
}

/** One request's outcome; `status` is absent when the request failed before a response. */
export interface RequestResult {
  /** Date.now() when it started, to line results up with events such as a signal. */
  startedAt: number;
  ms: number;
  status?: number;
  degraded: boolean;
  /** The error code (ECONNREFUSED, ECONNRESET, TIMEOUT, ...) when there was no response. */
  error?: string;
}

/** The figures of a run. A request failed when it got no response or one other than 200. */
export interface LoadSummary {
  sent: number;
  ok: number;
  failed: number;
  degraded: number;
  worstMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Failures by status code or error code. */
  failures: Record<string, number>;
  results: RequestResult[];
}

/** Issues one GET and resolves with its outcome; never rejects, never outlives `timeoutMs`. */
function getOnce(
  url: string,
  agent: http.Agent,
  timeoutMs: number,
  isDegraded: (body: string) => boolean,
): Promise<RequestResult> {
  return new Promise((resolve) => {
    const startedAt = Date.now();
    const t0 = performance.now();
    const done = (outcome: Partial<RequestResult>) => {
      clearTimeout(timer);
      resolve({ startedAt, ms: performance.now() - t0, degraded: false, ...outcome });
    };
    const request = http.get(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        done({ status, degraded: status === 200 && isDegraded(Buffer.concat(chunks).toString('utf8')) });
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
    // Request events are asynchronous, so done() never runs before this line has defined the timer.
    const timer = setTimeout(
      () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
      timeoutMs,
    );
  });
}

/** The value below which `fraction` of the sorted values lie. */
function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** Tallies results into the figures a test asserts on and prints. */
export function summarise(results: RequestResult[]): LoadSummary {
  const failures: Record<string, number> = {};
  let ok = 0;
  let degraded = 0;
  for (const result of results) {
    if (result.status === 200) ok += 1;
    else {
      const key = result.error ?? `HTTP ${result.status}`;
      failures[key] = (failures[key] ?? 0) + 1;
    }
    if (result.degraded) degraded += 1;
  }
  const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    sent: results.length,
    ok,
    failed: results.length - ok,
    degraded,
    worstMs: latencies.at(-1) ?? 0,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    failures,
    results,
  };
}

/**
 * Runs `concurrency` workers that GET `url` back to back until the duration, the request cap or the
 * signal stops them; then closes every connection the run opened, so the server's handles can settle.
 */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const agent = new http.Agent({ keepAlive: options.keepAlive ?? true, maxSockets: options.concurrency });
  const isDegraded = options.isDegraded ?? (() => false);
  const stopAt = Date.now() + options.durationMs;
  const results: RequestResult[] = [];
  let started = 0;
  const more = () => !options.signal?.aborted && Date.now() < stopAt && started < options.maxRequests;
  const worker = async () => {
    while (more()) {
      started += 1;
      results.push(await getOnce(options.url, agent, options.requestTimeoutMs, isDegraded));
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return summarise(results);
}

/** One line of figures for a test's or the soak's output. */
export function formatSummary(label: string, summary: LoadSummary): string {
  const failures = Object.entries(summary.failures)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
  return (
    `${label}: sent=${summary.sent} ok=${summary.ok} failed=${summary.failed}${failures ? ` (${failures})` : ''} ` +
    `degraded=${summary.degraded} p50=${summary.p50Ms.toFixed(0)}ms p99=${summary.p99Ms.toFixed(0)}ms ` +
    `worst=${summary.worstMs.toFixed(0)}ms`
  );
}

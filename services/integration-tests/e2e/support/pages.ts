import type { RequestResult } from '@bookstore/testing';

/** The notice marketplace renders instead of books when recommendations fail. */
export const DEGRADED_NOTICE = 'Recommendations are unavailable right now';

/** One page fetch, as the shared load figures count it, with its body. */
export interface PageResult extends RequestResult {
  body: string;
}

/** Counts `<li>` elements the way the original homepage test did: each one is a book. */
export function countBooks(html: string): number {
  return (html.match(/<li[\s>]/g) ?? []).length;
}

/** True when the page is the degraded one (rendered without recommendations). */
export function isDegraded(html: string): boolean {
  return html.includes(DEGRADED_NOTICE);
}

/** GETs a page with a timeout and measures it; never rejects, so callers count failures instead of dying. */
export async function getPage(url: string, timeoutMs = 5000): Promise<PageResult> {
  const startedAt = Date.now();
  const t0 = performance.now();
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    const degraded = response.status === 200 && isDegraded(body);
    return { startedAt, ms: performance.now() - t0, status: response.status, degraded, body };
  } catch (error) {
    return { startedAt, ms: performance.now() - t0, degraded: false, error: String(error), body: '' };
  }
}

/** True for the full homepage contract: 200, the title, and exactly three books. */
export function isFullPage(page: PageResult): boolean {
  return (
    page.status === 200 && page.body.includes('<title>Online Books For You</title>') && countBooks(page.body) === 3
  );
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawHttp, startFakeRecommendations, startMarketplaceProcess } from '@bookstore/testing';
import type { Listening, MarketplacePorts, RawResponse } from '@bookstore/testing';
import { TEST_DEADLINE_MS, countListItems } from '../helpers';
import { HARMLESS_REQUESTS, httpCorpus, requestOf } from './http-bad-input-cases';

/** Signs of a leaked stack trace or internals in a page. */
const LEAK = /\bat \S+ \(|\.ts:\d+|node_modules|\/work\/|(Type|Reference|Syntax|Range)Error|ECONN|stack/;

let fake: Awaited<ReturnType<typeof startFakeRecommendations>>;
let marketplace: Listening<MarketplacePorts>;
/** Per kind, per status: how many requests got that answer; printed at the end. */
const tally = new Map<string, Map<number, number>>();

/** Sends raw bytes to marketplace's HTTP port. */
const send = (request: string | Buffer) => rawHttp(marketplace.ports.http, request);

/** Everything that makes an error answer clean: our page, no internals, the security headers. */
function cleanPageProblems(response: RawResponse, method = 'GET'): string[] {
  const problems: string[] = [];
  const csp = response.headers['content-security-policy'] ?? '';
  if (!csp.includes("default-src 'none'") || csp.includes('unsafe-inline')) problems.push(`CSP "${csp}"`);
  if (response.headers['x-content-type-options'] !== 'nosniff') problems.push('no nosniff');
  if (method === 'HEAD') return problems;
  if (!/^text\/html; charset=utf-8$/.test(response.headers['content-type'] ?? '')) {
    problems.push(`content type "${response.headers['content-type']}"`);
  }
  if (!response.body.includes('<title>Online Books For You</title>')) problems.push('not the error page');
  if (/<script|<img|onerror/i.test(response.body)) problems.push('markup from the request in the page');
  if (LEAK.test(response.body)) problems.push(`internals in the page: ${LEAK.exec(response.body)?.[0]}`);
  return problems;
}

beforeAll(async () => {
  fake = await startFakeRecommendations();
  marketplace = await startMarketplaceProcess({
    RECOMMENDATIONS_HOST: '127.0.0.1',
    RECOMMENDATIONS_PORT: String(fake.port),
    // Pages here are asserted full; a loaded machine may miss the production 300 ms deadline.
    RECOMMENDATIONS_DEADLINE_MS: String(TEST_DEADLINE_MS),
  });
});

afterAll(() => {
  const lines = [...tally].map(
    ([kind, byStatus]) =>
      `  ${kind}: ${[...byStatus.values()].reduce((a, b) => a + b, 0)} (${[...byStatus].map(([s, n]) => `${s}: ${n}`).join(', ')})`,
  );
  console.log(`HTTP bad input tried:\n${lines.join('\n')}`);
  marketplace?.service.child.kill('SIGKILL');
  fake?.kill();
});

describe('marketplace HTTP port under bad requests', () => {
  it('answers every bad request with its 4xx and a clean page, never a 5xx or a stack trace', async () => {
    const corpus = httpCorpus();
    const problems: string[] = [];
    for (const { kind, request, status } of corpus) {
      const label = `${kind}: ${JSON.stringify(
        request
          .toString('latin1')
          .replace(/\r\nConnection: close\r\n\r\n$/, '')
          .slice(0, 100),
      )}`;
      let response: RawResponse;
      try {
        response = await send(request);
      } catch (error) {
        problems.push(`${label}: no answer (${(error as Error).message})`);
        continue;
      }
      const byStatus = tally.get(kind) ?? new Map<number, number>();
      byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
      tally.set(kind, byStatus);
      const method = request.toString('latin1').split(' ')[0];
      const issues = [
        ...(response.status === status ? [] : [`status ${response.status}, expected ${status}`]),
        ...cleanPageProblems(response, method),
      ];
      if (issues.length > 0) problems.push(`${label}: ${issues.join('; ')}`);
    }
    expect(
      problems,
      `${problems.length} of ${corpus.length} bad requests were not answered cleanly:\n${problems.join('\n')}`,
    ).toEqual([]);
  });

  it('answers odd but harmless requests with the normal page and reflects nothing', async () => {
    for (const request of HARMLESS_REQUESTS) {
      const response = await send(request);
      const label = JSON.stringify(request.split('\r\n')[0]);
      expect(response.status, label).toBe(200);
      expect(response.body, label).not.toMatch(/<script|alert\(1\)/);
      expect(response.headers['content-security-policy'], label).toContain("default-src 'none'");
    }
    const byStatus = new Map([[200, HARMLESS_REQUESTS.length]]);
    tally.set('harmless oddities', byStatus);
  });
});

describe('category page with hostile book titles', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ['</li></ul><li>fake', '&lt;/li&gt;&lt;/ul&gt;&lt;li&gt;fake'],
    ['{{ 7 * 7 }}{% raw %}', '{{ 7 * 7 }}{% raw %}'],
    ['&lt;already escaped&gt;', '&amp;lt;already escaped&amp;gt;'],
  ])('escapes the title %j', async (title, escaped) => {
    fake.behaviour.books = [{ id: 1, title }];
    const response = await send(requestOf('GET / HTTP/1.1'));
    fake.behaviour.books = [{ id: 1, title: 'The Maltese Falcon' }];
    const byStatus = tally.get('hostile title') ?? new Map<number, number>();
    byStatus.set(response.status, (byStatus.get(response.status) ?? 0) + 1);
    tally.set('hostile title', byStatus);
    expect(response.status).toBe(200);
    expect(response.body).toContain(escaped);
    expect(response.body, 'the title must be text, not markup').not.toMatch(/<script|<img|<li>fake/);
    expect(countListItems(response.body), 'one book, one <li>').toBe(1);
  });
});

describe('marketplace after the bad requests', () => {
  it('is still up, serves the homepage, logged no server error, and exits 0 on SIGTERM', async () => {
    expect(marketplace.service.child.exitCode, 'the marketplace process exited').toBeNull();
    const home = await send(requestOf('GET / HTTP/1.1'));
    expect(home.status).toBe(200);
    expect(countListItems(home.body)).toBe(1);
    const errors = marketplace.service.logs().filter((line) => line.level === 'error' || line.level === 'fatal');
    expect(errors, 'no request may reach the unexpected-error path').toEqual([]);
    marketplace.service.child.kill('SIGTERM');
    expect(await marketplace.service.exited).toBe(0);
  });
});

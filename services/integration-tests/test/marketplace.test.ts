import { beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_URL, eventually } from './target';

/** Fetches a page with a timeout, so a hung service fails the suite instead of stalling the Job. */
async function get(path: string) {
  const response = await fetch(`${MARKETPLACE_URL}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe(`marketplace at ${MARKETPLACE_URL}`, () => {
  beforeAll(() =>
    eventually(async () => {
      const page = await get('/');
      if (!page.body.includes('<li>')) throw new Error('homepage has no recommendations yet');
    }),
  );

  it('is ready', async () => {
    expect((await get('/readyz')).status).toBe(200);
  });

  it('serves the homepage contract: the title and exactly 3 <li> (the original test)', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Online Books For You</title>');
    expect(page.body).toContain('Mystery books you may like');
    expect(page.body.match(/<li[\s>]/g)).toHaveLength(3);
  });

  it.each(['science-fiction', 'self-help'])('serves the %s page with 3 books', async (slug) => {
    const page = await get(`/categories/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body.match(/<li[\s>]/g)).toHaveLength(3);
  });

  it('answers an unknown category with 400, not 500', async () => {
    expect((await get('/categories/romance')).status).toBe(400);
  });

  it('sends a strict Content-Security-Policy', async () => {
    const csp = (await get('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });
});

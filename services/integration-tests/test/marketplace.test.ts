import { beforeAll, describe, expect, it } from 'vitest';
import { MARKETPLACE_URL, eventually } from './target';

/** Fetches a page with a timeout, so a hung service fails the suite instead of stalling the Job. */
async function get(path: string) {
  const response = await fetch(`${MARKETPLACE_URL}${path}`, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Books listed on a page: each is an `<li>`, as the original test counted them. */
const books = (body: string) => (body.match(/<li[\s>]/g) ?? []).length;

/**
 * A page with its books. A page without them is a degraded one: correct behaviour when recommendations missed
 * the 300 ms deadline, which a busy node can make happen now and then. So a full page is waited for (bounded),
 * and how many tries it took is printed; a deployment that never serves one still fails.
 */
async function fullPage(path: string) {
  let tries = 0;
  const page = await eventually(async () => {
    tries += 1;
    const found = await get(path);
    if (found.status !== 200 || books(found.body) === 0) throw new Error(`${path}: ${found.status} without books`);
    return found;
  }, 20_000);
  if (tries > 1) console.log(`${path}: full page after ${tries} tries (the first ones degraded)`);
  return page;
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
    const page = await fullPage('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Online Books For You</title>');
    expect(page.body).toContain('Mystery books you may like');
    expect(books(page.body)).toBe(3);
  });

  it.each(['science-fiction', 'self-help'])('serves the %s page with 3 books', async (slug) => {
    const page = await fullPage(`/categories/${slug}`);
    expect(page.status).toBe(200);
    expect(books(page.body)).toBe(3);
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

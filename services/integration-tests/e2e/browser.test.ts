import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATEGORY_PAGES } from '@bookstore/marketplace/categories';
import { CATALOGUE } from '@bookstore/recommendations/catalogue';
import { launchBrowser, watchProblems } from './support/browser';
import type { Browser, PageProblems } from './support/browser';
import { cluster } from './support/cluster-context';
import { ensureHealthy } from './support/replicas';
import { readSettings } from './support/settings';

const info = cluster();
const SCREENSHOT = readSettings().screenshot;

// A style element in the page: the policy (style-src 'self') must refuse it and report the violation.
const INLINE_STYLE = `(() => {
  const style = document.createElement('style');
  style.textContent = 'body { outline: 1px solid red; }';
  document.head.append(style);
})()`;

// How many stylesheet rules the document applies: 0 when /static/style.css did not load.
const STYLE_RULES = 'Array.from(document.styleSheets).reduce((sum, sheet) => sum + sheet.cssRules.length, 0)';

describe('marketplace in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    await ensureHealthy(info);
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('shows the homepage and each category page with 3 books of that category, without console errors or CSP violations', async () => {
    const page = await browser.context.newPage();
    const problems = await watchProblems(page);
    const response = await page.goto(`${info.marketplaceUrl}/`);
    expect(response?.status(), 'the homepage did not answer 200 in the browser').toBe(200);

    for (const category of CATEGORY_PAGES) {
      const nav = page.getByRole('navigation', { name: 'Categories' });
      // Reach each page as a visitor does: by its link in the navigation.
      await Promise.all([
        page.waitForURL(`${info.marketplaceUrl}${category.path}`),
        nav.getByRole('link', { name: category.label }).click(),
      ]);
      expect(await page.locator('h1').innerText(), `heading of ${category.path}`).toBe(
        `${category.label} books you may like`,
      );
      const titles = await page.locator('ul.books li').allInnerTexts();
      const allowed = CATALOGUE.filter((book) => book.category === category.category).map((book) => book.title);
      expect(titles, `${category.path} shows ${titles.length} books: ${titles.join(' | ')}`).toHaveLength(3);
      for (const title of titles)
        expect(allowed, `"${title}" on ${category.path} is not a ${category.label} book`).toContain(title);
      expect(await page.locator('ul.books').isVisible(), `the book list of ${category.path} is not visible`).toBe(true);
      expect(
        await nav.locator('[aria-current="page"]').innerText(),
        `the navigation does not mark ${category.label} as current`,
      ).toBe(category.label);
      expect(
        await page.evaluate<number>(STYLE_RULES),
        `${category.path} has no stylesheet rules: style.css did not apply`,
      ).toBeGreaterThan(0);
      if (category.path === '/') await page.screenshot({ path: SCREENSHOT, fullPage: true });
    }
    console.log(
      `[e2e figures] browser: ${CATEGORY_PAGES.length} pages, problems ${JSON.stringify(problems)}; screenshot ${SCREENSHOT}`,
    );
    expectNoProblems(problems);
  });

  it('notices a CSP violation and its console error when one happens (so "none seen" above means something)', async () => {
    const page = await browser.context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${info.marketplaceUrl}/`);
    await page.evaluate(INLINE_STYLE);
    await expect.poll(() => problems.cspViolations.length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(problems.cspViolations.join('; '), 'the violation was reported for another directive').toContain(
      'style-src',
    );
    expect(problems.consoleErrors.join('; '), 'Chromium logged no console error for the refused style').toContain(
      'Content Security Policy',
    );
  });
});

/** Fails with every problem the page reported, by kind. */
function expectNoProblems(problems: PageProblems): void {
  expect(problems.cspViolations, 'Content-Security-Policy violations').toEqual([]);
  expect(problems.consoleErrors, 'console errors').toEqual([]);
  expect(problems.pageErrors, 'uncaught page errors').toEqual([]);
  expect(problems.failedRequests, 'failed or 4xx/5xx requests').toEqual([]);
}

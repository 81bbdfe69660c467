import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

/** Debian's chromium (make e2e-chromium installs it); playwright-core downloads no browser of its own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless in a root container-like host, and quiet: no sandbox, GPU, QUIC, first-run UI or background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Resolve nothing but the loopback address the test uses, so no background fetch can leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** A headless browser with a profile of its own; close() ends it and deletes the profile. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless chromium with a fresh user-data-dir. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'bookstore-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 480 },
    colorScheme: 'light',
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What a page reported that a visitor does not see but a review must: each list should stay empty. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
  failedRequests: string[];
}

// Runs in every document before its own content. Reports through a binding (a CDP channel, which the
// page's CSP does not govern), because the strict policy would block any way the page itself could report.
const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (event) => {
  window.reportCspViolation(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline'));
});`;

/** Collects console errors, uncaught errors, CSP violations and failed or 4xx/5xx requests of a page. */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [], failedRequests: [] };
  await page.exposeBinding('reportCspViolation', (_source, violation: string) => {
    problems.cspViolations.push(violation);
  });
  await page.addInitScript({ content: CSP_LISTENER });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  page.on('requestfailed', (request) =>
    problems.failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.failedRequests.push(`${response.url()}: HTTP ${response.status()}`);
  });
  return problems;
}

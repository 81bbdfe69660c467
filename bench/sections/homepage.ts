import { startBareHomepage, startStackHomepage } from '../lib/baselines';
import { runSides } from '../lib/pair';
import type { SideSummary } from '../lib/pair';
import { waitForHttp, waitForServing } from '../lib/readiness';
import { startMarketplace, startRecommendations } from '../lib/servers';
import type { BenchSettings } from '../lib/settings';
import { runWrk } from '../lib/wrk';

/**
 * The homepage trio: marketplace, the prescribed stack alone (Koa, @koa/router, nunjucks on our views) and the
 * bare node:http baseline, all calling the same recommendations.
 */
export interface HomepageResult {
  ours: SideSummary;
  /**
   * The prescribed stack without our production features: what the homepage target compares with. Absent
   * only in results.json files written before this baseline existed.
   */
  stack?: SideSummary;
  /** Bare node:http: what the whole stack costs, for information. */
  baseline: SideSummary;
  /** Bytes of one homepage from each, to show they send the same page. */
  pageBytes: { ours: number; stack: number; baseline: number };
}

/** A page with its book titles taken out (they come in random order) and whitespace collapsed. */
function skeleton(html: string): { frame: string; books: string[] } {
  const books = [...html.matchAll(/<li>(.*?)<\/li>/g)].map((match) => match[1] ?? '').sort();
  const frame = html
    .replace(/<li>.*?<\/li>/g, '<li/>')
    .replace(/\s+/g, ' ')
    .replace(/> </g, '><');
  return { frame, books };
}

/** Fails the benchmark when a baseline stopped sending the page marketplace sends: the ratio would be void. */
async function assertSamePage(oursUrl: string, baselineUrl: string, name: string): Promise<[number, number]> {
  const [ours, baseline] = await Promise.all(
    [oursUrl, baselineUrl].map(async (url) => (await fetch(`${url}/`)).text()),
  );
  const [a, b] = [skeleton(ours ?? ''), skeleton(baseline ?? '')];
  if (a.frame !== b.frame || a.books.join('|') !== b.books.join('|')) {
    throw new Error(
      `the ${name} homepage no longer renders marketplace's page:\nours:     ${a.frame}\nbaseline: ${b.frame}\n` +
        `books: ${a.books.join(', ')} vs ${b.books.join(', ')}`,
    );
  }
  return [Buffer.byteLength(ours ?? ''), Buffer.byteLength(baseline ?? '')];
}

/** A homepage that lists books: the call to recommendations went through. */
const hasBooks = (status: number, body: string) => status === 200 && body.includes('<li>');

/** Runs wrk against marketplace and the two baselines in turn; all three use one recommendations process. */
export async function benchHomepage(settings: BenchSettings, log: (line: string) => void): Promise<HomepageResult> {
  const recommendations = await startRecommendations(settings, 'homepage-recommendations');
  try {
    await waitForServing(recommendations.healthTarget ?? '', 10_000, recommendations.proc);
    const marketplace = await startMarketplace(settings, 'homepage-marketplace', recommendations.target);
    const stack = await startStackHomepage(settings, 'homepage-stack', recommendations.target);
    const bare = await startBareHomepage(settings, 'homepage-bare', recommendations.target);
    try {
      for (const server of [marketplace, stack, bare]) {
        await waitForHttp(`${server.url}/`, hasBooks, 10_000, server.proc);
      }
      const [ours, stackBytes] = await assertSamePage(marketplace.url, stack.url, 'prescribed-stack');
      const [, bareBytes] = await assertSamePage(marketplace.url, bare.url, 'bare');
      const wrk = (url: string) => (durationS: number) =>
        runWrk({ wrk: settings.wrk, url: `${url}/`, connections: settings.httpConnections, durationS });
      const [oursSide, stackSide, bareSide] = (await runSides(
        settings,
        [
          { label: 'marketplace', proc: marketplace.proc, load: wrk(marketplace.url) },
          { label: 'prescribed stack', proc: stack.proc, load: wrk(stack.url) },
          { label: 'bare node:http', proc: bare.proc, load: wrk(bare.url) },
        ],
        log,
      )) as [SideSummary, SideSummary, SideSummary];
      return {
        ours: oursSide,
        stack: stackSide,
        baseline: bareSide,
        pageBytes: { ours, stack: stackBytes, baseline: bareBytes },
      };
    } finally {
      await Promise.all([marketplace.proc.stop(), stack.proc.stop(), bare.proc.stop()]);
    }
  } finally {
    await recommendations.proc.stop();
  }
}

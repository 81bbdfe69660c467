import { startBareHomepage } from '../lib/baselines';
import { runPair } from '../lib/pair';
import type { SideSummary } from '../lib/pair';
import { waitForHttp, waitForServing } from '../lib/readiness';
import { startMarketplace, startRecommendations } from '../lib/servers';
import type { BenchSettings } from '../lib/settings';
import { runWrk } from '../lib/wrk';

/** The homepage pair: marketplace vs the bare node:http baseline, both calling the same recommendations. */
export interface HomepageResult {
  ours: SideSummary;
  baseline: SideSummary;
  /** Bytes of one homepage from each, to show they send the same page. */
  pageBytes: { ours: number; baseline: number };
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

/** Fails the benchmark when the baseline stopped sending the page marketplace sends: the ratio would be void. */
async function assertSamePage(oursUrl: string, baselineUrl: string): Promise<{ ours: number; baseline: number }> {
  const [ours, baseline] = await Promise.all(
    [oursUrl, baselineUrl].map(async (url) => (await fetch(`${url}/`)).text()),
  );
  const [a, b] = [skeleton(ours ?? ''), skeleton(baseline ?? '')];
  if (a.frame !== b.frame || a.books.join('|') !== b.books.join('|')) {
    throw new Error(
      `the bare homepage no longer renders marketplace's page:\nours:     ${a.frame}\nbaseline: ${b.frame}\n` +
        `books: ${a.books.join(', ')} vs ${b.books.join(', ')}`,
    );
  }
  return { ours: Buffer.byteLength(ours ?? ''), baseline: Buffer.byteLength(baseline ?? '') };
}

/** A homepage that lists books: the call to recommendations went through. */
const hasBooks = (status: number, body: string) => status === 200 && body.includes('<li>');

/** Runs wrk against marketplace and the bare baseline alternately; both use one recommendations process. */
export async function benchHomepage(settings: BenchSettings, log: (line: string) => void): Promise<HomepageResult> {
  const recommendations = await startRecommendations(settings, 'homepage-recommendations');
  try {
    await waitForServing(recommendations.healthTarget ?? '', 10_000, recommendations.proc);
    const marketplace = await startMarketplace(settings, 'homepage-marketplace', recommendations.target);
    const bare = await startBareHomepage(settings, 'homepage-bare', recommendations.target);
    try {
      await waitForHttp(`${marketplace.url}/`, hasBooks, 10_000, marketplace.proc);
      await waitForHttp(`${bare.url}/`, hasBooks, 10_000, bare.proc);
      const pageBytes = await assertSamePage(marketplace.url, bare.url);
      const wrk = (url: string) => (durationS: number) =>
        runWrk({ wrk: settings.wrk, url: `${url}/`, connections: settings.httpConnections, durationS });
      const [ours, baseline] = await runPair(
        settings,
        { label: 'marketplace', proc: marketplace.proc, load: wrk(marketplace.url) },
        { label: 'bare node:http', proc: bare.proc, load: wrk(bare.url) },
        log,
      );
      return { ours, baseline, pageBytes };
    } finally {
      await Promise.all([marketplace.proc.stop(), bare.proc.stop()]);
    }
  } finally {
    await recommendations.proc.stop();
  }
}

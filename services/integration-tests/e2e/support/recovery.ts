import { setTimeout as sleep } from 'node:timers/promises';
import type { ClusterInfo } from './cluster-context';
import { docker } from './docker';
import { getPage, isFullPage } from './pages';
import type { PageResult } from './pages';

/** marketplace's start time and restart count: unchanged means it was never restarted. */
export function marketplaceLife(info: ClusterInfo): Promise<string> {
  return docker(['inspect', '--format', '{{.State.StartedAt}} restarts={{.RestartCount}}', info.marketplace]);
}

/** Every page fetched while waiting, and when the first full one came (ms after `startedAt`), if it did. */
export interface Recovery {
  pages: PageResult[];
  recoveredMs: number | undefined;
}

/** Fetches the homepage every 100 ms until a full page comes or `limitMs` after `startedAt` has passed. */
export async function waitForFullPage(info: ClusterInfo, startedAt: number, limitMs: number): Promise<Recovery> {
  const pages: PageResult[] = [];
  while (performance.now() - startedAt < limitMs) {
    const page = await getPage(`${info.marketplaceUrl}/`);
    pages.push(page);
    if (isFullPage(page)) return { pages, recoveredMs: Math.round(performance.now() - startedAt) };
    await sleep(100);
  }
  return { pages, recoveredMs: undefined };
}

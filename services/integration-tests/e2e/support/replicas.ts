import { sampleValue } from '@bookstore/testing';
import { eventually } from '../../test/target';
import { waitServing } from './cluster';
import type { ClusterInfo } from './cluster-context';
import { docker } from './docker';
import { fetchInNetwork } from './in-network';
import { getPage, isFullPage } from './pages';

/** How many Recommend calls a replica answered OK, from its own /metrics, scraped inside the network. */
export async function servedRecommends(info: ClusterInfo, replica: string): Promise<number> {
  const text = await fetchInNetwork(info.toolbox, `http://${replica}:9464/metrics`);
  return sampleValue(text, 'grpc_server_handled_total', { grpc_method: 'Recommend', grpc_code: 'OK' }) ?? 0;
}

/** {@link servedRecommends} of every replica, in `info.replicas` order. */
export function servedByReplica(info: ClusterInfo): Promise<number[]> {
  return Promise.all(info.replicas.map((replica) => servedRecommends(info, replica)));
}

/**
 * Starts any replica an earlier, failed test left stopped, then waits until every replica is SERVING and
 * the homepage is full again, so one failure does not cascade through the other files.
 */
export async function ensureHealthy(info: ClusterInfo): Promise<void> {
  await docker(['start', ...info.replicas]);
  await Promise.all(info.replicas.map((replica) => waitServing(info.toolbox, `${replica}:50052`, 30_000)));
  await eventually(async () => {
    const page = await getPage(`${info.marketplaceUrl}/`);
    if (!isFullPage(page)) throw new Error(`the homepage is not full: ${page.status} ${page.error ?? ''}`);
  }, 30_000);
}

/** How long it took until every replica served, and which still had not when time ran out. */
export interface Rotation {
  ms: number;
  idle: string[];
}

/**
 * Sends homepage requests until every replica in `replicas` has served at least one more Recommend call, i.e.
 * marketplace's round_robin has it in rotation, or until `timeoutMs`; `idle` names those that never served.
 */
export async function waitForRotation(
  info: ClusterInfo,
  replicas: readonly string[],
  timeoutMs: number,
): Promise<Rotation> {
  const started = performance.now();
  const before = await Promise.all(replicas.map((replica) => servedRecommends(info, replica)));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (let i = 0; i < 10; i += 1) await getPage(`${info.marketplaceUrl}/`);
    const now = await Promise.all(replicas.map((replica) => servedRecommends(info, replica)));
    const idle = replicas.filter((_, i) => (now[i] ?? 0) <= (before[i] ?? 0));
    if (idle.length === 0 || Date.now() > deadline) return { ms: Math.round(performance.now() - started), idle };
  }
}

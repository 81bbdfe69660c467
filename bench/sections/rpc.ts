import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { recommend, recommendationsClient } from '@bookstore/testing';
import { HOMEPAGE_REQUEST, benchResponse, startBareRecommendations } from '../lib/baselines';
import { runGhz } from '../lib/ghz';
import { runPair } from '../lib/pair';
import type { SideSummary } from '../lib/pair';
import { waitForServing } from '../lib/readiness';
import { startRecommendations } from '../lib/servers';
import type { BenchSettings } from '../lib/settings';
import { REPO_ROOT } from '../lib/settings';

/** The RPC pair: recommendations vs a bare grpc-js server with the same options and response. */
export interface RpcResult {
  ours: SideSummary;
  baseline: SideSummary;
}

/** Titles of one answer, sorted (ours shuffles them), retried while the server is still starting. */
async function titles(target: string, timeoutMs = 10_000): Promise<string> {
  const client = recommendationsClient(target);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const response = await recommend(client, HOMEPAGE_REQUEST, 2000);
        return response.recommendations
          .map((book) => book.title)
          .sort()
          .join('|');
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no answer from ${target} within ${timeoutMs} ms: ${String(error)}`);
        await sleep(50);
      }
    }
  } finally {
    client.close();
  }
}

/** Fails the benchmark when the two servers stopped giving the same answer: the ratio would be void. */
async function assertSameAnswer(oursTarget: string, baselineTarget: string): Promise<void> {
  const [ours, baseline] = await Promise.all([titles(oursTarget), titles(baselineTarget)]);
  const expected = benchResponse()
    .recommendations.map((book) => book.title)
    .sort()
    .join('|');
  if (ours !== baseline || ours !== expected) {
    throw new Error(`the RPC pair answers differently: ours ${ours}, baseline ${baseline}, expected ${expected}`);
  }
}

/** Runs ghz against recommendations and the bare server alternately. */
export async function benchRpc(settings: BenchSettings, log: (line: string) => void): Promise<RpcResult> {
  const ours = await startRecommendations(settings, 'rpc-recommendations');
  const bare = await startBareRecommendations(settings, 'rpc-bare');
  try {
    await waitForServing(ours.healthTarget ?? '', 10_000, ours.proc);
    // The bare server has no health service: its first answer is its readiness.
    await assertSameAnswer(ours.target, bare.target);
    const ghz = (target: string) => (durationS: number) =>
      runGhz({
        ghz: settings.ghz,
        target,
        protoPath: path.join(REPO_ROOT, 'protobufs/recommendations.proto'),
        request: HOMEPAGE_REQUEST,
        concurrency: settings.grpcConcurrency,
        durationS,
      });
    const [oursSummary, baselineSummary] = await runPair(
      settings,
      { label: 'recommendations', proc: ours.proc, load: ghz(ours.target) },
      { label: 'bare grpc-js', proc: bare.proc, load: ghz(bare.target) },
      log,
    );
    return { ours: oursSummary, baseline: baselineSummary };
  } finally {
    await Promise.all([ours.proc.stop(), bare.proc.stop()]);
  }
}

import { beforeAll, describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { describeFailures, printFigures } from './support/figures';
import { loadHomepage } from './support/load';
import { ensureHealthy, servedByReplica, waitForRotation } from './support/replicas';
import type { Rotation } from './support/replicas';

const info = cluster();
const REQUESTS = 300;
const MIN_SHARE = 0.2;

describe("marketplace's round_robin over the replicas behind the alias `recommendations`", () => {
  let rotation: Rotation = { ms: 0, idle: [] };
  beforeAll(async () => {
    await ensureHealthy(info);
    // A replica restarted by an earlier file joins at the next re-resolution (max connection age at the latest).
    rotation = await waitForRotation(info, info.replicas, info.maxConnectionAgeMs + 15_000);
  });

  it(`gives every replica at least ${MIN_SHARE * 100}% of ${REQUESTS} homepage requests`, async () => {
    expect(rotation.idle, `replicas that never got traffic within ${rotation.ms} ms`).toEqual([]);
    const before = await servedByReplica(info);
    const figures = await loadHomepage(info.marketplaceUrl, { maxRequests: REQUESTS });
    const after = await servedByReplica(info);
    const served = after.map((count, i) => count - (before[i] ?? 0));
    const total = served.reduce((sum, n) => sum + n, 0);
    const shares = info.replicas.map((replica, i) => `${replica.slice(info.prefix.length + 1)} ${served[i]}`);
    printFigures(figures, `served ${shares.join(', ')} (all in rotation after ${rotation.ms} ms)`);

    expect(figures.failed, `failed requests: ${describeFailures(figures)}`).toBe(0);
    expect(figures.degraded, 'degraded pages while every replica was up').toBe(0);
    expect(total, 'the replicas answered fewer Recommend calls than homepages were served').toBeGreaterThanOrEqual(
      REQUESTS,
    );
    for (const [i, replica] of info.replicas.entries()) {
      const share = (served[i] ?? 0) / total;
      expect(
        share,
        `${replica} served ${served[i]} of ${total} (${(share * 100).toFixed(1)}%); spread: ${shares.join(', ')}`,
      ).toBeGreaterThanOrEqual(MIN_SHARE);
    }
  });
});

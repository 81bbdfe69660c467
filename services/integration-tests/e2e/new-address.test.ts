import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarise } from '@bookstore/testing';
import { POD_FLAGS, waitServing } from './support/cluster';
import { cluster } from './support/cluster-context';
import { docker } from './support/docker';
import { describeFailures, printFigures } from './support/figures';
import { marketplaceLife, waitForFullPage } from './support/recovery';
import { ensureHealthy, servedRecommends } from './support/replicas';

const info = cluster();
const RECOVERY_LIMIT_MS = 20_000;
const moved = `${info.prefix}-recommendations-moved`;

/** A container's address on the run's network. */
const addressOf = (container: string) =>
  docker(['inspect', '--format', `{{(index .NetworkSettings.Networks "${info.network}").IPAddress}}`, container]);

describe('recommendations replaced by a pod on a new address behind the same DNS name', () => {
  let lifeBefore = '';
  beforeAll(async () => {
    await ensureHealthy(info);
    lifeBefore = await marketplaceLife(info);
  });
  afterAll(async () => {
    await docker(['rm', '--force', moved]).catch(() => undefined);
    await ensureHealthy(info);
  });

  it(`marketplace finds it by itself and serves full pages again within ${RECOVERY_LIMIT_MS / 1000} s`, async () => {
    // As a rolling update with surge does: the new pod starts while the old ones still hold their
    // addresses, so its address is new; then every old pod goes, leaving only the new address in DNS.
    const oldAddresses = await Promise.all(info.replicas.map(addressOf));
    await docker([
      'run',
      '-d',
      '--pull',
      'never',
      '--name',
      moved,
      '--label',
      info.label,
      '--network',
      info.network,
      ...POD_FLAGS,
      '--network-alias',
      'recommendations',
      info.images.recommendations,
    ]);
    const newAddress = await addressOf(moved);
    expect(
      oldAddresses,
      `the replacement got an old address (${newAddress}); the test would prove nothing`,
    ).not.toContain(newAddress);
    await waitServing(info.toolbox, `${moved}:50052`, 30_000);
    const started = performance.now();
    await docker(['stop', '--time', String(Math.ceil(info.graceMs / 1000) + 10), ...info.replicas], 60_000);

    const { pages, recoveredMs } = await waitForFullPage(info, started, RECOVERY_LIMIT_MS);
    const figures = summarise(pages);
    printFigures(
      figures,
      `old ${oldAddresses.join(', ')} -> new ${newAddress}; full pages ${recoveredMs ?? 'never'} ms after the old pods began to stop`,
    );

    expect(recoveredMs, `no full homepage within ${RECOVERY_LIMIT_MS} ms of the old pods stopping`).toBeDefined();
    expect(await servedRecommends(info, moved), `the pod on ${newAddress} served nothing`).toBeGreaterThan(0);
    expect(figures.failed, `pages failed while recovering: ${describeFailures(figures)}`).toBe(0);
    expect(await marketplaceLife(info), 'marketplace was restarted; it must recover on its own').toBe(lifeBefore);
  });
});

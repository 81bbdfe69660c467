import { beforeAll, describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { probeHealth } from './support/in-network';
import { ensureHealthy } from './support/replicas';

const info = cluster();

describe('grpc-health-probe inside the network, as a kubelet grpc probe', () => {
  beforeAll(() => ensureHealthy(info));

  it.each(info.replicas)('sees recommendations replica %s SERVING on its health port 50052', async (replica) => {
    const probe = await probeHealth(info.toolbox, `${replica}:50052`);
    expect(probe.code, `grpc-health-probe -addr=${replica}:50052 failed: ${probe.output}`).toBe(0);
    expect(probe.output).toContain('status: SERVING');
  });

  it('sees marketplace SERVING on its health port 8081', async () => {
    const probe = await probeHealth(info.toolbox, `${info.marketplace}:8081`);
    expect(probe.code, `grpc-health-probe -addr=${info.marketplace}:8081 failed: ${probe.output}`).toBe(0);
    expect(probe.output).toContain('status: SERVING');
  });

  it('fails the probe where no health service answers (so a passing probe means something)', async () => {
    const probe = await probeHealth(info.toolbox, `${info.marketplace}:9465`);
    expect(probe.code, `grpc-health-probe passed against marketplace's metrics port: ${probe.output}`).not.toBe(0);
  });
});

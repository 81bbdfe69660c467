import { describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { docker, dockerResult } from './support/docker';

const info = cluster();
const services = [...info.replicas, info.marketplace];

describe.each(services)('container %s, run as its pod', (name) => {
  it('runs its process as uid 1000, not root', async () => {
    const uid = await docker(['exec', name, 'id', '-u']);
    expect(uid, `${name} runs as uid ${uid}; the pods require runAsNonRoot with uid 1000`).toBe('1000');
  });

  it('cannot write to its root filesystem', async () => {
    const write = await dockerResult(['exec', name, 'sh', '-c', 'echo probe > /e2e-write-probe']);
    expect(write.code, `writing to / succeeded in ${name}: the root filesystem is not read-only`).not.toBe(0);
    expect(write.stderr).toContain('Read-only file system');
  });

  it('holds no capabilities and cannot gain privileges', async () => {
    const status = await docker(['exec', name, 'grep', '-E', '^(CapEff|CapBnd|NoNewPrivs):', '/proc/1/status']);
    expect(status, `PID 1 of ${name} still has capabilities or may gain privileges`).toMatch(/CapEff:\s+0{16}/);
    expect(status).toMatch(/CapBnd:\s+0{16}/);
    expect(status).toMatch(/NoNewPrivs:\s+1/);
  });
});

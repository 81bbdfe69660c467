import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { nonJsonLines, startService } from './process';

/** A loopback port some other listener holds, so a service told to bind it fails; close() frees it. */
export async function occupiedPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const holder = net.createServer();
  await new Promise<void>((resolve, reject) => {
    holder.once('error', reject);
    holder.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (holder.address() as AddressInfo).port,
    close: () => new Promise((resolve) => holder.close(() => resolve())),
  };
}

/** How a service process ended when told to bind a port another listener holds. */
export interface PortInUseOutcome {
  code: number | string;
  /** Lines of stdout, then of stderr, that are not JSON objects. */
  nonJsonLines: { stdout: string[]; stderr: string[] };
  /** Its `fatal` log line, as text. */
  fatal: string;
  /** The port that was held. */
  port: number;
}

/** Starts the real `service` on loopback with `variable`'s port held by another listener, and waits for it to end. */
export async function startWithPortInUse(service: string, variable: string): Promise<PortInUseOutcome> {
  const taken = await occupiedPort();
  try {
    const started = startService(service, {
      HOST: '127.0.0.1',
      PORT: '0',
      HEALTH_PORT: '0',
      METRICS_PORT: '0',
      [variable]: String(taken.port),
    });
    const timer = setTimeout(() => started.child.kill('SIGKILL'), 15_000);
    const code = await started.exited;
    clearTimeout(timer);
    return {
      code,
      nonJsonLines: { stdout: nonJsonLines(started.stdout()), stderr: nonJsonLines(started.stderr()) },
      fatal: JSON.stringify(started.logs().find((line) => line.level === 'fatal') ?? null),
      port: taken.port,
    };
  } finally {
    await taken.close();
  }
}

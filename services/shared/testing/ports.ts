import net from 'node:net';
import type { AddressInfo } from 'node:net';

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

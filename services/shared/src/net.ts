import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { drainWithin } from './drain';
import type { DrainOutcome } from './drain';

/** Listens on host:port and resolves with the bound port (the OS's pick when port is 0). */
export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Stops accepting connections and resolves once open ones have finished, or after `graceMs`, when the
 * remaining ones are cut. Node closes idle keep-alive sockets itself on close().
 */
export function closeHttpServer(server: http.Server, graceMs: number): Promise<DrainOutcome> {
  if (!server.listening) return Promise.resolve('graceful');
  return drainWithin(
    graceMs,
    (done) => {
      server.close(() => done());
      server.closeIdleConnections();
    },
    () => server.closeAllConnections(),
  );
}

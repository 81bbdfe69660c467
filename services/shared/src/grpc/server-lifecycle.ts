import * as grpc from '@grpc/grpc-js';
import { drainWithin } from '../drain';
import type { DrainOutcome } from '../drain';

/** Binds a server to host:port and resolves with the bound port (the OS's pick when port is 0). */
export function bindServer(
  server: grpc.Server,
  host: string,
  port: number,
  credentials: grpc.ServerCredentials = grpc.ServerCredentials.createInsecure(),
): Promise<number> {
  // IPv6 literals need brackets in a target; `0.0.0.0` and names do not.
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
}

/**
 * Stops taking new calls and lets calls in flight finish; after `graceMs` the rest are cancelled.
 * Resolves with how it ended, never rejects, so shutdown always completes.
 */
export function shutdownServer(server: grpc.Server, graceMs: number): Promise<DrainOutcome> {
  return drainWithin(
    graceMs,
    (done) => server.tryShutdown(done),
    () => server.forceShutdown(),
  );
}

import type * as grpc from '@grpc/grpc-js';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS } from '../proto';

export { healthProtoPath };

/** The standard `grpc.health.v1.Health` service for a set of service names, all switched together. */
export interface ServiceHealth {
  /** Registers Check, Watch and List on a server; one instance may serve several servers. */
  addToServer(server: grpc.Server): void;
  /** Reports SERVING for every name; Watch streams are told at once. */
  markServing(): void;
  /** Reports NOT_SERVING for every name; called the moment shutdown begins. */
  markNotServing(): void;
}

/**
 * Creates health for `""` (the whole server) and the given service names, NOT_SERVING until
 * markServing(), so nothing reports ready before the server is listening.
 */
export function createServiceHealth(serviceNames: readonly string[]): ServiceHealth {
  const names = ['', ...serviceNames];
  const implementation = new HealthImplementation(Object.fromEntries(names.map((n) => [n, 'NOT_SERVING'])));
  const setAll = (status: 'SERVING' | 'NOT_SERVING') => {
    for (const name of names) implementation.setStatus(name, status);
  };
  return {
    addToServer: (server) => implementation.addToServer(server),
    markServing: () => setAll('SERVING'),
    markNotServing: () => setAll('NOT_SERVING'),
  };
}

/** Loads the health proto, for reflection and for clients that check health. */
export function loadHealthDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
}

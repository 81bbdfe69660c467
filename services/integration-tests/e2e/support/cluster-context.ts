import { inject } from 'vitest';

/** The Docker layout the global setup created for this run; everything tests need to reach it. */
export interface ClusterInfo {
  /** Label key=value on every container and network of this run (what cleanup removes). */
  label: string;
  /** Prefix of every name of this run: `bookstore-e2e-<run id>`. */
  prefix: string;
  network: string;
  /** Container names of the recommendations replicas; all share the network alias `recommendations`. */
  replicas: string[];
  marketplace: string;
  /** A long-running container on the network that runs grpc-health-probe and scrapes, as in-cluster clients. */
  toolbox: string;
  /** marketplace's port 8080 as published on the host's loopback, e.g. http://127.0.0.1:32768. */
  marketplaceUrl: string;
  images: { recommendations: string; marketplace: string; integrationTests: string };
  /** marketplace's RECOMMENDATIONS_DEADLINE_MS. */
  deadlineMs: number;
  /** recommendations' MAX_CONNECTION_AGE_MS. */
  maxConnectionAgeMs: number;
  /** SHUTDOWN_GRACE_MS of both services. */
  graceMs: number;
  /** The docker run flags every pod-like container gets (non-root, read-only, no capabilities). */
  podFlags: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

/** The cluster of this run, as the global setup provided it. */
export function cluster(): ClusterInfo {
  return inject('cluster');
}

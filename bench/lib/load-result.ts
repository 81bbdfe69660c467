/** One measured run of a load generator against one server, whichever generator ran it. */
export interface LoadResult {
  /** Successful and failed requests per second over the measured duration. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Failed requests of every kind (socket errors, timeouts, non-OK status, pages without books). */
  errors: number;
  /** The failures by kind, as the generator reported them. */
  errorKinds: Record<string, number>;
}

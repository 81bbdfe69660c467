import type http from 'node:http';
import type { ConnectionLimits } from './config';

/** The time an HTTP request gets as a whole, head included; HANDSHAKE_TIMEOUT_MS is at most this. */
export const HTTP_REQUEST_TIMEOUT_MS = 30_000;

/**
 * Options for every HTTP server of both services: the request head (from the first byte, or from the
 * connection for a silent one) must arrive within the handshake timeout, else Node answers 408 through
 * 'clientError'; and Node checks for that often enough to hold the timeout to within a second.
 */
export function httpServerOptions(limits: ConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.handshakeTimeoutMs,
    requestTimeout: HTTP_REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: Math.min(1000, limits.handshakeTimeoutMs),
    keepAliveTimeout: limits.idleTimeoutMs,
  };
}

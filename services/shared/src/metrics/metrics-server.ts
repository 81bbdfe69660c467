import http from 'node:http';
import type { Registry } from 'prom-client';
import type { ConnectionLimits } from '../config';
import { httpServerOptions } from '../http-server-options';

/** Builds the HTTP server that exposes `GET /metrics` on its own port, apart from user traffic. */
export function createMetricsServer(registry: Registry, limits: ConnectionLimits): http.Server {
  return http.createServer(httpServerOptions(limits), (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      () => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics unavailable\n'),
    );
  });
}

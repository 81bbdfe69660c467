import { Router } from '@koa/router';

/** What the probes read: whether the process is draining. */
export interface Readiness {
  draining: boolean;
}

/** `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: false while draining). */
export function healthRoutes(readiness: Readiness): Router {
  return new Router()
    .get('/healthz', (ctx) => {
      ctx.body = 'ok\n';
    })
    .get('/readyz', (ctx) => {
      ctx.status = readiness.draining ? 503 : 200;
      ctx.body = readiness.draining ? 'draining\n' : 'ready\n';
    });
}

import type Koa from 'koa';
import type { Registry } from 'prom-client';
import { histogram } from '@bookstore/shared';

/** Methods recorded by name; anything else is `other`, so junk methods cannot blow up label cardinality. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records `http_request_duration_seconds{method,route,status_code}`, labelled by route pattern, not raw path. */
export function requestMetrics(registry: Registry): Koa.Middleware {
  const duration = histogram(registry, {
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by route pattern.',
    labelNames: ['method', 'route', 'status_code'],
  });
  return async (ctx, next) => {
    const stopTimer = duration.startTimer();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      stopTimer({
        method: KNOWN_METHODS.has(ctx.method) ? ctx.method : 'other',
        route: typeof matched === 'string' ? matched : 'unmatched',
        status_code: String(ctx.status),
      });
    }
  };
}

import type Koa from 'koa';
import type { Histogram, Registry } from 'prom-client';
import { histogram } from '@bookstore/shared';

/** Methods recorded by name; anything else is `other`, so junk methods cannot blow up label cardinality. */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

type Labels = 'method' | 'route' | 'status_code';
type Child = Histogram.Internal<Labels>;

/**
 * prom-client's child of each label set, made on first use: per request only Map lookups, no label object,
 * timer closure or label validation (startTimer and labels() do those on every call). Bounded like the
 * labels themselves: known methods, route patterns and status codes.
 */
function childCache(duration: Histogram<Labels>): (method: string, route: string, status: number) => Child {
  const byMethod = new Map<string, Map<string, Map<number, Child>>>();
  return (method, route, status) => {
    let byRoute = byMethod.get(method);
    if (!byRoute) byMethod.set(method, (byRoute = new Map<string, Map<number, Child>>()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map<number, Child>()));
    let child = byStatus.get(status);
    if (!child) byStatus.set(status, (child = duration.labels({ method, route, status_code: String(status) })));
    return child;
  };
}

/** Records `http_request_duration_seconds{method,route,status_code}`, labelled by route pattern, not raw path. */
export function requestMetrics(registry: Registry): Koa.Middleware {
  const duration = histogram(registry, {
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by route pattern.',
    labelNames: ['method', 'route', 'status_code'],
  });
  const observer = childCache(duration);
  return async (ctx, next) => {
    const startedAt = performance.now();
    try {
      await next();
    } finally {
      const matched = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
      const method = KNOWN_METHODS.has(ctx.method) ? ctx.method : 'other';
      const route = typeof matched === 'string' ? matched : 'unmatched';
      observer(method, route, ctx.status).observe((performance.now() - startedAt) / 1000);
    }
  };
}

import type Koa from 'koa';
import { HttpError, badRequest } from '../errors';

/** The only methods a read-only site serves. */
export const SERVED_METHODS = ['GET', 'HEAD', 'OPTIONS'] as const;

/**
 * Refuses every other method with 405 before routing. koa-router would answer methods it does not
 * know (TRACE, PROPFIND, ...) with 501, and a 5xx counts scanners' junk as server errors in the SLO.
 */
export function servedMethodsOnly(): Koa.Middleware {
  const served: ReadonlySet<string> = new Set(SERVED_METHODS);
  const allow = SERVED_METHODS.join(', ');
  // Synchronous: a check that passes hands on next()'s promise instead of wrapping it in one of its own.
  return (ctx, next) => {
    if (!served.has(ctx.method)) {
      ctx.set('Allow', allow);
      throw new HttpError(405, 'This page can only be read.');
    }
    return next();
  };
}

/**
 * HTTP/1.1 requires exactly one Host header (RFC 9112, 3.2); two are a request-smuggling trick. Node
 * would answer a missing Host with a bare 400 (its requireHostHeader, switched off in app.ts so that
 * this check answers with the error page instead) and lets a repeated one through.
 */
export function singleHostHeader(): Koa.Middleware {
  return (ctx, next) => {
    const { req } = ctx;
    const hosts = countHostHeaders(req.rawHeaders);
    const required = req.httpVersionMajor === 1 && req.httpVersionMinor >= 1;
    if (hosts > 1 || (required && hosts === 0)) throw badRequest('The request needs exactly one Host header.');
    return next();
  };
}

/** Counts Host headers in the raw name/value list; headersDistinct would build a new object per request. */
export function countHostHeaders(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (name.length === 4 && name.toLowerCase() === 'host') count += 1;
  }
  return count;
}

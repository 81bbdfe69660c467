import http from 'node:http';
import net from 'node:net';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';
import type Koa from 'koa';

/**
 * The pages load only our own stylesheet and icon: no scripts, no inline styles, no frames, no forms.
 * So the policy can deny everything else, with no `unsafe-inline` anywhere.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'none'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The one security policy (helmet's options): Koa's responses and the raw error pages both get it. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
};

/**
 * The security headers as [name, value] pairs: helmet computes them once, on a bare response. With these
 * options they depend on nothing in the request, so computing them once serves every response.
 */
export function securityHeaderPairs(): [string, string][] {
  const response = new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
  let outcome: unknown = 'unfinished';
  helmet(HELMET_OPTIONS)(response.req, response, (error?: unknown) => (outcome = error));
  if (outcome !== undefined)
    throw new Error('helmet did not set the security headers synchronously', { cause: outcome });
  return response.getHeaderNames().map((name) => [name, String(response.getHeader(name))]);
}

/**
 * Security headers on every response (helmet's): CSP, nosniff, no-referrer, frame denial. Set from the pairs
 * computed once at app build: running helmet per request (koa-helmet) rebuilt the same 12 headers and added
 * a promise hop to every request. Koa sets no X-Powered-By, which helmet would remove.
 */
export function securityHeaders(): Koa.Middleware {
  const headers = securityHeaderPairs();
  return (ctx, next) => {
    const { res } = ctx;
    for (const [name, value] of headers) res.setHeader(name, value);
    return next();
  };
}

/**
 * The same headers as `Name: value` lines, for the pages written straight to a socket before Koa (see
 * client-errors.ts); from the same pairs, so the two can never differ.
 */
export function securityHeaderLines(): string[] {
  return securityHeaderPairs().map(([name, value]) => `${name}: ${value}`);
}

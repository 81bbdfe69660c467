import http from 'node:http';
import net from 'node:net';
import helmet from 'helmet';
import type { HelmetOptions } from 'helmet';
import koaHelmet from 'koa-helmet';
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
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
  referrerPolicy: { policy: 'no-referrer' },
  xFrameOptions: { action: 'deny' },
};

/** Security headers on every response (helmet): CSP, nosniff, no-referrer, frame denial; no X-Powered-By. */
export function securityHeaders(): Koa.Middleware {
  return koaHelmet(HELMET_OPTIONS) as Koa.Middleware;
}

/**
 * The same headers as `Name: value` lines, for the pages written straight to a socket before Koa (see
 * client-errors.ts). helmet computes them once, on a bare response, so the two can never differ.
 */
export function securityHeaderLines(): string[] {
  const response = new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
  let outcome: unknown = 'unfinished';
  helmet(HELMET_OPTIONS)(response.req, response, (error?: unknown) => (outcome = error));
  if (outcome !== undefined)
    throw new Error('helmet did not set the security headers synchronously', { cause: outcome });
  return response.getHeaderNames().map((name) => `${name}: ${String(response.getHeader(name))}`);
}

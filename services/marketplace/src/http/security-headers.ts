import helmet from 'koa-helmet';
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

/** Security headers on every response (helmet): CSP, nosniff, no-referrer, frame denial; no X-Powered-By. */
export function securityHeaders(): Koa.Middleware {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  }) as Koa.Middleware;
}

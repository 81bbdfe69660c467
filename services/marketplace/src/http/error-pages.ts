import http from 'node:http';
import type Koa from 'koa';
import type { Logger } from '@bookstore/shared';
import { HttpError } from '../errors';
import type { Render } from '../views';

/** Turns any error into the status and the message the user may see; internals never leave the process. */
export function toHttpStatus(error: unknown): { status: number; message: string } {
  if (error instanceof HttpError) return { status: error.status, message: error.message };
  // Koa and the router throw http-errors (e.g. 400 for a malformed URI); a 4xx is safe to show generically.
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, message: http.STATUS_CODES[status] ?? 'Bad request' };
  }
  return { status: 500, message: 'Something went wrong on our side. Please try again.' };
}

/**
 * The one place errors become HTTP responses: a clean HTML page with the mapped status; empty error responses
 * (404, 405) get the same page. An unexpected error (5xx) is handed to the app's 'error' event, as Koa
 * does, where {@link logAppErrors} logs it: rendered here, logged there, once.
 */
export function errorPages(render: Render): Koa.Middleware {
  const page = (ctx: Koa.Context, status: number, message: string) => {
    ctx.status = status;
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = render('error.njk', { status, title: http.STATUS_CODES[status] ?? 'Error', message });
  };
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status >= 400 && ctx.body == null) {
        page(
          ctx,
          ctx.status,
          ctx.status === 404 ? 'There is no page at this address.' : (http.STATUS_CODES[ctx.status] ?? 'Error'),
        );
      }
    } catch (error) {
      const { status, message } = toHttpStatus(error);
      page(ctx, status, message);
      if (status >= 500) ctx.app.emit('error', error, ctx);
    }
  };
}

/**
 * The app's one 'error' listener: an error of a request (rendered by {@link errorPages}, or one Koa met while
 * responding) is logged with its path; anything else without one.
 */
export function logAppErrors(logger: Logger): (error: unknown, ctx?: Koa.Context) => void {
  return (error, ctx) => {
    if (ctx) logger.error({ err: error, path: ctx.path }, 'unexpected error while handling a request');
    else logger.warn({ err: error }, 'error outside a request');
  };
}

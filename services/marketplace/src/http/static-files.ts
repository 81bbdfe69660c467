import fs from 'node:fs';
import path from 'node:path';
import type { RouterMiddleware } from '@koa/router';

/** Where the stylesheet and icon live, beside src/ and dist/. */
export const STATIC_DIR = path.resolve(__dirname, '../../static');

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

/**
 * Serves the few static files from memory: read once at start-up, so a request never touches the
 * (read-only) disk and a missing file fails the boot instead of a page.
 */
export function staticFiles(): RouterMiddleware {
  const files = new Map(
    fs.readdirSync(STATIC_DIR).map((name) => [name, fs.readFileSync(path.join(STATIC_DIR, name))] as const),
  );
  return (ctx, next) => {
    const name = ctx.params.file ?? '';
    const file = files.get(name);
    if (!file) return next();
    ctx.type = TYPES[path.extname(name)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = file;
    return undefined;
  };
}

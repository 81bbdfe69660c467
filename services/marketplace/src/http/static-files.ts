import fs from 'node:fs';
import path from 'node:path';
import type Koa from 'koa';

/** Where the stylesheet and icon live, beside src/ and dist/. */
export const STATIC_DIR = path.resolve(__dirname, '../../static');

const TYPES: Record<string, string> = { '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };

/**
 * Serves the few static files from memory: read once at start-up, so a request never touches the
 * (read-only) disk and a missing file fails the boot instead of a page.
 */
export function staticFiles(): Koa.Middleware {
  const files = new Map(
    fs.readdirSync(STATIC_DIR).map((name) => [name, fs.readFileSync(path.join(STATIC_DIR, name))] as const),
  );
  return (ctx, next) => {
    const file = files.get(String(ctx.params?.file));
    if (!file) return next();
    ctx.type = TYPES[path.extname(String(ctx.params?.file))] ?? 'application/octet-stream';
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = file;
    return undefined;
  };
}

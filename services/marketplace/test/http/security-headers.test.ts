import http from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { HELMET_OPTIONS, securityHeaderLines, securityHeaders } from '../../src/http/security-headers';
import { serveKoa } from './koa-on-port';

const closers: (() => Promise<void>)[] = [];
afterEach(() => Promise.all(closers.splice(0).map((close) => close())));

/** The headers of a response, without those every Node response has whatever the app does. */
function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'content-type'].includes(name)) out[name] = value;
  });
  return out;
}

/** helmet run on every request, as koa-helmet did: what the precomputed headers must equal. */
async function helmetPerRequest(): Promise<Record<string, string>> {
  const run = helmet(HELMET_OPTIONS);
  const server = http.createServer((req, res) => run(req, res, () => res.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return headersOf(await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`));
}

describe('securityHeaders', () => {
  it('sets on every response exactly the headers helmet sets when run per request', async () => {
    const koa = new Koa().use(securityHeaders()).use((ctx) => {
      ctx.body = 'ok';
    });
    const { url, close } = await serveKoa(koa);
    closers.push(close);
    const expected = await helmetPerRequest();
    expect(expected['content-security-policy']).toContain("default-src 'none'");
    for (const path of ['/', '/again']) expect(headersOf(await fetch(`${url}${path}`))).toEqual(expected);
  });

  it('lets a later middleware override a header, as with helmet', async () => {
    const koa = new Koa().use(securityHeaders()).use((ctx) => {
      ctx.set('Referrer-Policy', 'same-origin');
      ctx.body = 'ok';
    });
    const { url, close } = await serveKoa(koa);
    closers.push(close);
    expect((await fetch(url)).headers.get('referrer-policy')).toBe('same-origin');
  });

  it('hands on the downstream result, so errors still reach the error pages', async () => {
    const koa = new Koa().use(async (ctx, next) => {
      try {
        await next();
      } catch {
        ctx.status = 418;
      }
    });
    koa.use(securityHeaders()).use(async () => {
      await Promise.resolve();
      throw new Error('downstream');
    });
    const { url, close } = await serveKoa(koa);
    closers.push(close);
    expect((await fetch(url)).status).toBe(418);
  });
});

describe('securityHeaderLines', () => {
  it('are the same headers as `Name: value` lines', async () => {
    const expected = await helmetPerRequest();
    const lines = securityHeaderLines();
    expect(Object.fromEntries(lines.map((line) => line.split(/: (.*)/s).slice(0, 2)))).toEqual(expected);
  });
});

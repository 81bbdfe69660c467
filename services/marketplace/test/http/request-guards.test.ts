import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { rawHttp } from '@bookstore/testing';
import { countHostHeaders, servedMethodsOnly, singleHostHeader } from '../../src/http/request-guards';
import { serveKoa } from './koa-on-port';

describe('countHostHeaders', () => {
  it('counts Host headers in any letter case, and nothing else', () => {
    expect(countHostHeaders(['Host', 'a', 'Accept', '*/*'])).toBe(1);
    expect(countHostHeaders(['host', 'a', 'HOST', 'b'])).toBe(2);
    expect(countHostHeaders(['Hosts', 'a', 'X-Host', 'b'])).toBe(0);
  });

  it('reads names only, never values', () => {
    expect(countHostHeaders(['Referer', 'host', 'Accept', 'Host'])).toBe(0);
  });
});

describe('servedMethodsOnly', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(() => Promise.all(closers.splice(0).map((close) => close())));

  /** The guard in front of an async route, behind an error handler that shows the status and Allow. */
  async function guarded() {
    const koa = new Koa()
      .use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = (error as { status?: number }).status ?? 500;
          ctx.body = 'refused';
        }
      })
      .use(servedMethodsOnly())
      .use(async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ctx.body = 'served';
      });
    const served = await serveKoa(koa);
    closers.push(served.close);
    return served.url;
  }

  it('passes GET, HEAD and OPTIONS on and waits for what comes after it', async () => {
    const url = await guarded();
    const response = await fetch(url);
    expect([response.status, await response.text()]).toEqual([200, 'served']);
    expect((await fetch(url, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(url, { method: 'OPTIONS' })).status).toBe(200);
  });

  it('refuses any other method with 405 and the Allow header', async () => {
    const url = await guarded();
    for (const method of ['POST', 'DELETE', 'PROPFIND']) {
      const response = await fetch(url, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
  });
});

describe('singleHostHeader', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(() => Promise.all(closers.splice(0).map((close) => close())));

  it('passes one Host on, and refuses two or none with 400', async () => {
    const koa = new Koa()
      .use(async (ctx, next) => {
        try {
          await next();
        } catch (error) {
          ctx.status = (error as { status?: number }).status ?? 500;
        }
      })
      .use(singleHostHeader())
      .use(async (ctx) => {
        await Promise.resolve();
        ctx.body = 'served';
      });
    const { port, close } = await serveKoa(koa);
    closers.push(close);
    const send = (hosts: string[]) =>
      rawHttp(port, ['GET / HTTP/1.1', ...hosts, 'Connection: close', '', ''].join('\r\n'));
    expect((await send(['Host: a'])).status).toBe(200);
    expect((await send(['Host: a', 'Host: b'])).status).toBe(400);
    expect((await send([])).status).toBe(400);
  });
});

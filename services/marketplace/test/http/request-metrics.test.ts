import Koa from 'koa';
import { Router } from '@koa/router';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleValue } from '@bookstore/testing';
import { requestMetrics } from '../../src/http/request-metrics';
import { serveKoa } from './koa-on-port';

const closers: (() => Promise<void>)[] = [];
afterEach(() => Promise.all(closers.splice(0).map((close) => close())));

/** An app with the request histogram and two routes, on port 0, and its registry. */
async function instrumentedApp() {
  const registry = new Registry();
  const router = new Router()
    .get('/items/:id', (ctx) => {
      ctx.status = ctx.params.id === 'missing' ? 404 : 200;
      ctx.body = 'item';
    })
    .get('/slow', async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      ctx.body = 'slow';
    });
  const koa = new Koa().use(requestMetrics(registry)).use(router.routes());
  const { url, close } = await serveKoa(koa);
  closers.push(close);
  return { url, metrics: () => registry.metrics() };
}

const count = (text: string, labels: Record<string, string>) =>
  sampleValue(text, 'http_request_duration_seconds_count', labels);

describe('requestMetrics', () => {
  it('counts repeated requests into one series per method, route pattern and status', async () => {
    const { url, metrics } = await instrumentedApp();
    for (const id of ['1', '2', '3', 'missing']) await fetch(`${url}/items/${id}`);
    await fetch(`${url}/items/4`, { method: 'HEAD' });
    const text = await metrics();
    expect(count(text, { method: 'GET', route: '/items/:id', status_code: '200' })).toBe(3);
    expect(count(text, { method: 'GET', route: '/items/:id', status_code: '404' })).toBe(1);
    expect(count(text, { method: 'HEAD', route: '/items/:id', status_code: '200' })).toBe(1);
    expect(text).not.toContain('route="/items/1"');
  });

  it('labels unknown methods `other` and unrouted paths `unmatched`', async () => {
    const { url, metrics } = await instrumentedApp();
    await fetch(`${url}/nowhere`);
    await fetch(`${url}/nowhere`, { method: 'PROPFIND' });
    const text = await metrics();
    expect(count(text, { method: 'GET', route: 'unmatched', status_code: '404' })).toBe(1);
    expect(count(text, { method: 'other', route: 'unmatched', status_code: '404' })).toBe(1);
  });

  it('measures the time until the response is ready, in seconds', async () => {
    const { url, metrics } = await instrumentedApp();
    await fetch(`${url}/slow`);
    const sum = sampleValue(await metrics(), 'http_request_duration_seconds_sum', {
      method: 'GET',
      route: '/slow',
      status_code: '200',
    });
    expect(sum).toBeGreaterThanOrEqual(0.025);
    expect(sum).toBeLessThan(5);
  });
});

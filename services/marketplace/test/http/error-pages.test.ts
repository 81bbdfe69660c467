import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger } from '@bookstore/testing';
import { HttpError } from '../../src/errors';
import { errorPages, logAppErrors } from '../../src/http/error-pages';
import { createRenderer } from '../../src/views';

const servers: http.Server[] = [];
afterEach(() => Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve)))));

/** A Koa app with the error pages and the one error listener, whose only route throws `error`; on port 0. */
async function appThrowing(error: unknown) {
  const { logger, lines } = captureLogger('marketplace');
  const koa = new Koa();
  koa.on('error', logAppErrors(logger));
  koa.use(errorPages(createRenderer())).use(() => {
    throw error;
  });
  const handle = koa.callback();
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/somewhere`);
  return { status: response.status, body: await response.text(), lines: lines() };
}

describe('errorPages with logAppErrors', () => {
  it('answers an unexpected error with a generic 500 page, and logs it once, with its path, in the listener', async () => {
    const { status, body, lines } = await appThrowing(new Error('secret database password in a stack trace'));
    expect(status).toBe(500);
    expect(body).toContain('Something went wrong on our side');
    expect(body).not.toContain('secret');
    const errors = lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'unexpected error while handling a request', path: '/somewhere' });
  });

  it('answers a typed 4xx with its message, and logs nothing', async () => {
    const { status, body, lines } = await appThrowing(
      new HttpError(400, 'The limit parameter must be a whole number.'),
    );
    expect(status).toBe(400);
    expect(body).toContain('The limit parameter must be a whole number.');
    expect(lines.filter((line) => line.level === 'error' || line.level === 'warn')).toEqual([]);
  });
});

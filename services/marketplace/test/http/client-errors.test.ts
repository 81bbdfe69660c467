import { describe, expect, it } from 'vitest';
import { rawHttp } from '@bookstore/testing';
import type { RawResponse } from '@bookstore/testing';
import { buildMarketplace, testConfig } from '../helpers';

/** The headers a security policy sets; each raw error page must carry exactly the values a Koa page carries. */
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

const HANDSHAKE_TIMEOUT_MS = 500;

/** Starts the real app (recommendations absent: these requests never reach it) with a short handshake timeout. */
async function start() {
  const { ports } = await buildMarketplace(1, {
    connections: { ...testConfig(1).connections, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS },
  });
  return ports;
}

/** The security headers of a response, by name; absent ones are missing from the object. */
const securityHeadersOf = (response: RawResponse) =>
  Object.fromEntries(
    SECURITY_HEADERS.filter((name) => name in response.headers).map((name) => [name, response.headers[name]]),
  );

/** A request head that never ends: the server must answer it once HANDSHAKE_TIMEOUT_MS has passed. */
const slowHeaders = (port: number) =>
  rawHttp(port, 'GET / HTTP/1.1\r\nHost: marketplace\r\nX-Slow: ', HANDSHAKE_TIMEOUT_MS + 5000);

describe('answerClientErrors (requests Node rejects before Koa sees them)', () => {
  it('answers request headers slower than HANDSHAKE_TIMEOUT_MS with 408 and the error page', async () => {
    const { http } = await start();
    const response = await slowHeaders(http);
    expect(response.status).toBe(408);
    expect(response.body).toContain('<title>Online Books For You</title>');
    expect(response.headers.connection).toBe('close');
  });

  it.each([
    ['a malformed request line (400)', 400, 'GET / HTTP/1.1 extra\r\nHost: marketplace\r\n\r\n'],
    ['oversized headers (431)', 431, `GET / HTTP/1.1\r\nHost: marketplace\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['CONNECT (405)', 405, 'CONNECT marketplace:443 HTTP/1.1\r\nHost: marketplace\r\n\r\n'],
  ])('answers %s with the same security headers as every Koa page', async (_label, status, request) => {
    const { http } = await start();
    const koaPage = await rawHttp(http, 'GET /nope HTTP/1.1\r\nHost: marketplace\r\nConnection: close\r\n\r\n');
    const raw = await rawHttp(http, request);
    expect(raw.status).toBe(status);
    expect(securityHeadersOf(koaPage)['content-security-policy']).toContain("img-src 'self'");
    expect(securityHeadersOf(raw)).toEqual(securityHeadersOf(koaPage));
  });

  it('sends the same security headers on a 408 as on every Koa page', async () => {
    const { http } = await start();
    const koaPage = await rawHttp(http, 'GET / HTTP/1.1\r\nHost: marketplace\r\nConnection: close\r\n\r\n');
    expect(securityHeadersOf(await slowHeaders(http))).toEqual(securityHeadersOf(koaPage));
  });
});

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogger, once, parseResponse } from '@bookstore/testing';
import type { RawResponse } from '@bookstore/testing';
import { createMarketplaceApp } from '../../src/app';
import { testConfig } from '../helpers';

const HANDSHAKE_TIMEOUT_MS = 500;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts the real app (recommendations absent: these requests never reach it) with a short handshake timeout. */
async function start() {
  const config = testConfig(1, { connections: { ...testConfig(1).connections, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS } });
  const app = createMarketplaceApp({ config, logger: captureLogger('marketplace').logger });
  const ports = await app.listen();
  cleanups.push(once(() => app.close()));
  return ports;
}

/** Sends a request head that never ends, then waits for whatever the server answers before it closes. */
function slowHeaders(port: number, waitMs: number): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write('GET / HTTP/1.1\r\nHost: marketplace\r\nX-Slow: '));
    const timer = setTimeout(() => socket.destroy(new Error(`no answer within ${waitMs} ms`)), waitMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseResponse(Buffer.concat(chunks)));
    });
  });
}

describe('answerClientErrors (requests Node rejects before Koa sees them)', () => {
  it('answers request headers slower than HANDSHAKE_TIMEOUT_MS with 408 and the error page', async () => {
    const { http } = await start();
    const response = await slowHeaders(http, HANDSHAKE_TIMEOUT_MS + 5000);
    expect(response.status).toBe(408);
    expect(response.body).toContain('<title>Online Books For You</title>');
    expect(response.headers.connection).toBe('close');
  });
});

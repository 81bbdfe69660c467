import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHealth,
  createTrustedAndForeign,
  healthClient,
  listHealth,
  openSilentConnections,
  rawClient,
  rawUnary,
  recommend,
  recommendationsClient,
  startRecommendationsProcess,
  tlsEnv,
} from '@bookstore/testing';
import type { CertificateSet, Listening, RecommendationsPorts, TlsFilePaths } from '@bookstore/testing';
import { spawnRecommendations } from '@bookstore/testing/fixtures';
import { encodeRequest } from './grpc-fuzz-cases';

let dir: string;
let trusted: CertificateSet;
let foreign: CertificateSet;
let recommendations: Listening<RecommendationsPorts>;

/** Channel credentials that trust our CA and present `client`'s certificate, or none. */
function tlsCredentials(client?: TlsFilePaths): grpc.ChannelCredentials {
  const ca = fs.readFileSync(trusted.caFile);
  if (!client) return grpc.credentials.createSsl(ca);
  return grpc.credentials.createSsl(ca, fs.readFileSync(client.keyFile), fs.readFileSync(client.certFile));
}

/** One Recommend call on the mTLS port (dialled as `localhost`, a name in the server certificate). */
async function callWith(credentials: grpc.ChannelCredentials): Promise<{ code: grpc.status; books: number }> {
  const client = recommendationsClient(`localhost:${recommendations.ports.grpc}`, credentials);
  try {
    const response = await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 3 }, 3000);
    return { code: grpc.status.OK, books: response.recommendations.length };
  } catch (error) {
    return { code: (error as grpc.ServiceError).code, books: 0 };
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bookstore-mtls-'));
  ({ trusted, foreign } = await createTrustedAndForeign(dir));
  recommendations = await startRecommendationsProcess(tlsEnv(trusted.recommendations));
});

afterAll(() => {
  recommendations?.service.child.kill('SIGKILL');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recommendations with TLS_* set (mutual TLS on the gRPC port)', () => {
  it('closes connections that never complete the TLS handshake after HANDSHAKE_TIMEOUT_MS', async () => {
    const handshakeTimeoutMs = 1000;
    // A second process with a short HANDSHAKE_TIMEOUT_MS, for this test alone.
    const handshakeLimited = await spawnRecommendations({
      ...tlsEnv(trusted.recommendations),
      HANDSHAKE_TIMEOUT_MS: String(handshakeTimeoutMs),
    });
    const silent = await openSilentConnections(handshakeLimited.ports.grpc, 10);
    try {
      // Timers fire late on a loaded machine, never early: 5 s of slack above, none below.
      const lifetimes = await silent.lifetimes(handshakeTimeoutMs + 5000);
      expect(
        lifetimes.filter((ms) => ms < 0),
        'connections still open 5 s after the handshake timeout',
      ).toEqual([]);
      expect(Math.min(...lifetimes)).toBeGreaterThanOrEqual(handshakeTimeoutMs - 50);
    } finally {
      silent.destroy();
    }
  });

  it('logs that TLS is on', () => {
    expect(recommendations.service.logs().find((line) => line.msg === 'recommendations listening')).toMatchObject({
      tls: true,
    });
  });

  it('serves a client that presents a certificate from the shared CA', async () => {
    expect(await callWith(tlsCredentials(trusted.marketplace))).toEqual({ code: grpc.status.OK, books: 3 });
  });

  it('refuses a plaintext client', async () => {
    const { code } = await callWith(grpc.credentials.createInsecure());
    expect(grpc.status[code], 'a plaintext client must not get an answer').toBe('UNAVAILABLE');
  });

  it('refuses a TLS client that presents no certificate', async () => {
    const { code } = await callWith(tlsCredentials());
    expect(grpc.status[code], 'the server must require a client certificate').toBe('UNAVAILABLE');
  });

  it('refuses a client whose certificate another CA signed', async () => {
    const { code } = await callWith(tlsCredentials(foreign.marketplace));
    expect(grpc.status[code], 'the server must verify the client certificate against its CA').toBe('UNAVAILABLE');
  });

  it('refuses the server certificate itself used as a client certificate (serverAuth only)', async () => {
    const { code } = await callWith(tlsCredentials(trusted.recommendations));
    expect(grpc.status[code], 'a leaf without clientAuth must not authenticate a client').toBe('UNAVAILABLE');
  });
});

describe('recommendations plaintext health port while mTLS is on', () => {
  it('answers health checks without TLS, for kubelet probes', async () => {
    const health = healthClient(`127.0.0.1:${recommendations.ports.health}`);
    try {
      expect(await checkHealth(health, '')).toBe('SERVING');
      expect(await listHealth(health)).toEqual({ '': 'SERVING', Recommendations: 'SERVING' });
    } finally {
      health.close();
    }
  });

  it.each([
    ['Recommendations/Recommend', '/Recommendations/Recommend'],
    ['reflection', '/grpc.reflection.v1.ServerReflection/ServerReflectionInfo'],
    ['reflection (v1alpha)', '/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo'],
  ])('does not serve %s there: UNIMPLEMENTED', async (_name, method) => {
    const client = rawClient(`127.0.0.1:${recommendations.ports.health}`);
    try {
      const outcome = await rawUnary(
        client,
        method,
        encodeRequest({ user_id: 1, category: 'MYSTERY', max_results: 1 }),
      );
      expect(grpc.status[outcome.code], `${method} on the plaintext health port`).toBe('UNIMPLEMENTED');
    } finally {
      client.close();
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrustedAndForeign, sampleValue, scrape, startRecommendationsProcess, tlsEnv } from '@bookstore/testing';
import type { CertificateSet, Listening, RecommendationsPorts } from '@bookstore/testing';
import { spawnMarketplace } from '@bookstore/testing/fixtures';
import { countListItems } from '../helpers';

const NOTICE = 'Recommendations are unavailable right now';

let dir: string;
let trusted: CertificateSet;
let foreign: CertificateSet;
/** Recommendations serving mTLS with a certificate from our CA, and one with a certificate from another CA. */
let genuine: Listening<RecommendationsPorts>;
let impostor: Listening<RecommendationsPorts>;

/** Starts marketplace with its client certificate against recommendations on `port` (killed when the test finishes), and fetches `/`. */
async function homepageVia(port: number, env: Record<string, string> = {}) {
  const marketplace = await spawnMarketplace({
    RECOMMENDATIONS_HOST: 'localhost',
    RECOMMENDATIONS_PORT: String(port),
    RECOMMENDATIONS_DEADLINE_MS: '2000',
    ...tlsEnv(trusted.marketplace),
    ...env,
  });
  const response = await fetch(`http://127.0.0.1:${marketplace.ports.http}/`, { signal: AbortSignal.timeout(5000) });
  const metrics = await scrape(marketplace.ports.metrics);
  return { status: response.status, body: await response.text(), metrics };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bookstore-mtls-client-'));
  ({ trusted, foreign } = await createTrustedAndForeign(dir));
  genuine = await startRecommendationsProcess(tlsEnv(trusted.recommendations));
  // The impostor trusts our CA (so it would accept marketplace), but its own certificate is not ours.
  impostor = await startRecommendationsProcess({ ...tlsEnv(foreign.recommendations), TLS_CA_FILE: trusted.caFile });
});

afterAll(() => {
  genuine?.service.child.kill('SIGKILL');
  impostor?.service.child.kill('SIGKILL');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('marketplace with TLS_* set (mutual TLS to recommendations)', () => {
  it('shows the books: it presents its certificate and accepts the genuine server', async () => {
    const page = await homepageVia(genuine.ports.grpc);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(NOTICE);
    expect(countListItems(page.body)).toBe(3);
  });

  it('checks the name in TLS_SERVER_NAME when it dials an address the certificate does not name', async () => {
    const page = await homepageVia(genuine.ports.grpc, {
      RECOMMENDATIONS_HOST: '127.0.0.1',
      TLS_SERVER_NAME: 'recommendations',
    });
    expect(countListItems(page.body), 'recommendations is a name in the server certificate').toBe(3);
  });

  it('refuses a server whose certificate another CA signed, and degrades the page', async () => {
    const page = await homepageVia(impostor.ports.grpc);
    expect(page.status).toBe(200);
    expect(page.body, 'an unverified server must not supply the books').toContain(NOTICE);
    expect(sampleValue(page.metrics, 'marketplace_degraded_renders_total', { reason: 'UNAVAILABLE' })).toBe(1);
  });

  it('refuses the genuine server under a name its certificate does not carry', async () => {
    const page = await homepageVia(genuine.ports.grpc, { TLS_SERVER_NAME: 'evil.example' });
    expect(page.body, 'the server certificate must be checked against the name').toContain(NOTICE);
  });

  it('gets nothing from the genuine server without TLS_*, since plaintext is refused', async () => {
    const page = await homepageVia(genuine.ports.grpc, { TLS_CERT_FILE: '', TLS_KEY_FILE: '', TLS_CA_FILE: '' });
    expect(page.body).toContain(NOTICE);
  });
});

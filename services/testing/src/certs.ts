import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository's certificate script, which `make certs` runs too. */
export const CERTS_SCRIPT = path.resolve(__dirname, '../../../scripts/certs.sh');

/** PEM file paths of one side of mutual TLS, in the TLS_* variables' shape. */
export interface TlsFilePaths {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** A CA and its two leaves, as scripts/certs.sh lays them out. */
export interface CertificateSet {
  dir: string;
  caFile: string;
  recommendations: TlsFilePaths;
  marketplace: TlsFilePaths;
}

/** The TLS_* environment variables that point a service at one side's files. */
export function tlsEnv(files: TlsFilePaths): Record<string, string> {
  return { TLS_CERT_FILE: files.certFile, TLS_KEY_FILE: files.keyFile, TLS_CA_FILE: files.caFile };
}

/**
 * Runs scripts/certs.sh into `dir` (a fresh temp folder) and returns the paths. `env` passes the
 * script's options, e.g. CERTS_CA_NAME for a second, unrelated CA.
 */
export async function createCertificates(dir: string, env: Record<string, string> = {}): Promise<CertificateSet> {
  await run('bash', [CERTS_SCRIPT, dir], { env: { ...process.env, ...env }, timeout: 30_000 });
  const side = (name: string): TlsFilePaths => ({
    certFile: path.join(dir, name, 'tls.crt'),
    keyFile: path.join(dir, name, 'tls.key'),
    caFile: path.join(dir, name, 'ca.crt'),
  });
  return {
    dir,
    caFile: path.join(dir, 'ca.crt'),
    recommendations: side('recommendations'),
    marketplace: side('marketplace'),
  };
}

/** Our certificates (`trusted`) and a set from an unrelated CA (`foreign`), under `dir`: who mTLS must refuse. */
export async function createTrustedAndForeign(
  dir: string,
): Promise<{ trusted: CertificateSet; foreign: CertificateSet }> {
  const trusted = await createCertificates(path.join(dir, 'trusted'));
  const foreign = await createCertificates(path.join(dir, 'foreign'), { CERTS_CA_NAME: 'some-other-ca' });
  return { trusted, foreign };
}

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { docker } from './docker';

const run = promisify(execFile);

/** What gives a secret away in file contents, build history or environment. */
const SECRET_CONTENT = /-----BEGIN [A-Z ]*PRIVATE KEY-----|_authToken=|_auth=|_password=/;

/** File names that hold keys or credentials; public CA bundles are the only certificates an image may carry. */
const SECRET_NAME = /(\.key|\.p12|\.pfx|id_rsa[^/]*|id_ed25519[^/]*|\.env|credentials)$/i;
const PUBLIC_CERT_DIRS = /^(etc\/ssl\/certs|usr\/share\/ca-certificates|usr\/local\/share\/ca-certificates)\//;

/** Environment variable names that suggest a credential was baked in. */
const SECRET_ENV = /^(?:[A-Z_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY)[A-Z_]*)=/;

/**
 * Lists every place an image gives a secret away: its build history, its environment, the names of
 * the files in its filesystem, and the contents of the app's own files (/app, /root, /home).
 */
export async function findSecrets(image: string): Promise<string[]> {
  const findings: string[] = [];
  const history = await docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', image]);
  for (const step of history.split('\n'))
    if (SECRET_CONTENT.test(step)) findings.push(`history: ${step.slice(0, 120)}`);
  const env = JSON.parse(await docker(['image', 'inspect', '--format', '{{json .Config.Env}}', image])) as
    string[] | null;
  for (const variable of env ?? []) if (SECRET_ENV.test(variable)) findings.push(`env: ${variable.split('=')[0]}`);

  const container = await docker(['create', '--pull', 'never', image]);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'image-secrets-'));
  try {
    const tar = path.join(scratch, 'fs.tar');
    await docker(['export', '--output', tar, container], 120_000);
    const { stdout: listing } = await run('tar', ['-tf', tar], { maxBuffer: 64 * 1024 * 1024 });
    for (const file of listing.split('\n')) {
      if (SECRET_NAME.test(file) && !PUBLIC_CERT_DIRS.test(file)) findings.push(`file: /${file}`);
    }
    const unpacked = path.join(scratch, 'fs');
    await run('mkdir', [unpacked]);
    await run('tar', ['-xf', tar, '-C', unpacked, '--wildcards', '--no-anchored', 'app/*', 'root/*', 'home/*']).catch(
      () => undefined,
    );
    const grep = await run('grep', ['-rlE', '-e', SECRET_CONTENT.source, unpacked]).catch(
      (error: { code?: number; stdout?: string }) => {
        if (error.code === 1) return { stdout: '' };
        throw error;
      },
    );
    for (const file of grep.stdout.split('\n').filter(Boolean))
      findings.push(`content: ${file.slice(unpacked.length)}`);
  } finally {
    await docker(['rm', container]).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
  return findings;
}

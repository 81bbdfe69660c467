import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { docker } from './support/docker';
import { findSecrets } from './support/image-secrets';

const info = cluster();

describe('image contents', () => {
  it.each([
    ['recommendations', info.images.recommendations],
    ['marketplace', info.images.marketplace],
    ['integration-tests', info.images.integrationTests],
  ])(
    '%s carries no keys, tokens or credentials in its filesystem, history or environment',
    async (_name, image) => {
      const findings = await findSecrets(image);
      expect(findings, `${image} gives secrets away:\n${findings.join('\n')}`).toEqual([]);
    },
    180_000,
  );

  describe('the scan itself', () => {
    const tag = `${info.prefix}-secret-probe:scan`;
    let context = '';
    afterAll(async () => {
      await docker(['rmi', '--force', tag]).catch(() => undefined);
      if (context) await rm(context, { recursive: true, force: true });
    });

    it('finds a private key and an npm token baked into an image', async () => {
      context = await mkdtemp(path.join(os.tmpdir(), 'secret-probe-'));
      const key = ['-----BEGIN', 'PRIVATE KEY-----\nnot-a-real-key\n-----END', 'PRIVATE KEY-----\n'].join(' ');
      await writeFile(path.join(context, 'server.key'), key);
      await writeFile(path.join(context, '.npmrc'), `//registry.example/:${'_authToken'}=not-a-real-token\n`);
      await writeFile(
        path.join(context, 'Dockerfile'),
        `FROM ${info.images.recommendations}\nCOPY server.key /app/certs/server.key\nCOPY .npmrc /app/.npmrc\nENV NPM_TOKEN=x\n`,
      );
      await docker(['build', '--quiet', '--tag', tag, context], 120_000);
      const findings = await findSecrets(tag);
      expect(findings).toEqual(
        expect.arrayContaining([
          'env: NPM_TOKEN',
          'file: /app/certs/server.key',
          'content: /app/.npmrc',
          'content: /app/certs/server.key',
        ]),
      );
    }, 180_000);
  });
});

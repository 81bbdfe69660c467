// helm/README.md's install commands, run exactly as written with `helm template` standing in for `helm upgrade
// --install` (fixtures/helm-template-instead.sh, first on PATH as `helm`): what each would install, with no cluster.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { documentedCommands } from '@bookstore/testing/documented-commands';
import type { K8sObject } from './helm';
import { all, helmBin, one, podEnv, podTemplate, repoRoot, spec } from './helm';

const UMBRELLA = 'helm upgrade --install bookstore helm/bookstore --namespace shop --create-namespace';
const RECOMMENDATIONS = 'helm upgrade --install recommendations helm/recommendations --namespace shop';
const MARKETPLACE =
  'helm upgrade --install marketplace helm/marketplace --namespace shop --set recommendations.releaseName=recommendations';

const scratch = mkdtempSync(path.join(tmpdir(), 'documented-installs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
symlinkSync(path.join(repoRoot, 'helm/test/fixtures/helm-template-instead.sh'), path.join(scratch, 'helm'));
/** The real helm, by absolute path: the stand-in is `helm` on PATH. */
const realHelm = path.isAbsolute(helmBin())
  ? helmBin()
  : execFileSync('bash', ['-c', 'command -v helm'], { encoding: 'utf8' }).trim();

/** Runs one documented command line as a user would (bash, repository root); resolves with what it would install. */
function installed(command: string): { code: number; stderr: string; objects: K8sObject[] } {
  const rendered = path.join(scratch, `${Math.random().toString(36).slice(2)}.yaml`);
  const result = spawnSync('bash', ['-c', command], {
    cwd: repoRoot,
    encoding: 'utf8',
    // global-setup built the chart dependencies already.
    env: {
      ...process.env,
      PATH: `${scratch}:${process.env.PATH ?? ''}`,
      REAL_HELM: realHelm,
      RENDERED_TO: rendered,
      HELM_DEPS_DONE: '1',
    },
  });
  const text = result.status === 0 ? readFileSync(rendered, 'utf8') : '';
  const objects = parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return { code: result.status ?? 1, stderr: result.stderr, objects };
}

/** RECOMMENDATIONS_HOST as marketplace's process sees it in namespace shop. */
const hostOf = (objects: K8sObject[]) =>
  podEnv(podTemplate(one(objects, 'Deployment', 'marketplace')).spec.containers[0]!, 'RECOMMENDATIONS_HOST', 'shop');
/** The DNS name of the one Service with a grpc port. */
const grpcService = (objects: K8sObject[]) =>
  `${all(objects, 'Service').filter((s) => (spec(s).ports ?? []).some((p) => p.name === 'grpc'))[0]?.metadata.name}.shop.svc.cluster.local`;

describe('helm/README.md install commands', () => {
  it('are the ones documented there', () => {
    const documented = documentedCommands(repoRoot)
      .filter((c) => c.file === 'helm/README.md')
      .map((c) => c.command);
    expect(documented).toEqual(expect.arrayContaining([UMBRELLA, RECOMMENDATIONS, MARKETPLACE]));
  });

  it('one release: marketplace calls the recommendations Service of the same release', () => {
    const { code, stderr, objects } = installed(UMBRELLA);
    expect(code, stderr).toBe(0);
    expect(hostOf(objects)).toBe(grpcService(objects));
  });

  it("two releases: marketplace, told the release, calls the recommendations release's Service", () => {
    const recs = installed(RECOMMENDATIONS);
    const mkt = installed(MARKETPLACE);
    expect([recs.code, mkt.code], `${recs.stderr}${mkt.stderr}`).toEqual([0, 0]);
    expect(hostOf(mkt.objects)).toBe(grpcService(recs.objects));
  });

  it('two releases without --set recommendations.releaseName: marketplace refuses to guess', () => {
    const { code, stderr } = installed(MARKETPLACE.replace(' --set recommendations.releaseName=recommendations', ''));
    expect(code).not.toBe(0);
    expect(stderr).toContain('marketplace cannot know where recommendations runs');
  });
});

// `make deploy-staging` run for real, with `helm template` standing in for `helm upgrade --install`
// (fixtures/helm-template-instead.sh): the images the staging release would run, from a registry and tag,
// or from the build artifacts skaffold pushed (pinned by digest), and the refusals when neither is known.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { K8sObject } from './helm';
import { REGISTRY, helmBin, one, podTemplate, repoRoot, spec } from './helm';

const scratch = mkdtempSync(path.join(tmpdir(), 'deploy-staging-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const digestOf = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const IMAGES = ['recommendations', 'marketplace', 'integration-tests'] as const;

/** Runs `make deploy-staging <vars>`; resolves with make's output and, when it got that far, the manifests. */
function deployStaging(name: string, vars: string[]): { code: number; output: string; objects: K8sObject[] } {
  const rendered = path.join(scratch, `${name}.yaml`);
  writeFileSync(rendered, '');
  const result = spawnSync(
    'make',
    [
      '--no-print-directory',
      'deploy-staging',
      `HELM=${path.join(repoRoot, 'helm/test/fixtures/helm-template-instead.sh')}`,
      `STAGING_IMAGE_VALUES=${path.join(scratch, `${name}-images.yaml`)}`,
      ...vars,
    ],
    // global-setup built the chart dependencies: HELM_DEPS_DONE keeps make from rebuilding them under the other workers.
    {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, REAL_HELM: helmBin(), RENDERED_TO: rendered, HELM_DEPS_DONE: '1' },
    },
  );
  const objects = parseAllDocuments(readFileSync(rendered, 'utf8'))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return { code: result.status ?? 1, output: `${result.stdout}${result.stderr}`, objects };
}

/** The images of the two Deployments and of the helm test Pod, in IMAGES order. */
function imagesOf(objects: K8sObject[]): string[] {
  return [
    podTemplate(one(objects, 'Deployment', 'recommendations')).spec.containers[0]?.image,
    podTemplate(one(objects, 'Deployment', 'marketplace')).spec.containers[0]?.image,
    spec(one(objects, 'Pod', 'integration-tests')).containers?.[0]?.image,
  ].map(String);
}

/** A `skaffold build --file-output` file (its BuildOutput JSON: builds[].imageName, builds[].tag). */
function artifacts(
  name: string,
  tagOf: (image: string, i: number) => string,
  images: readonly string[] = IMAGES,
): string {
  const file = path.join(scratch, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({ builds: images.map((image, i) => ({ imageName: `bookstore/${image}`, tag: tagOf(image, i) })) }),
  );
  return file;
}

describe('make deploy-staging', () => {
  it('REGISTRY and IMAGE_TAG: runs <registry>/bookstore_<name>:<tag>, the layout skaffold --default-repo pushes to', () => {
    const { code, output, objects } = deployStaging('tagged', [`REGISTRY=${REGISTRY}`, 'IMAGE_TAG=t1']);
    expect(code, output).toBe(0);
    expect(imagesOf(objects)).toEqual(IMAGES.map((i) => `${REGISTRY}/bookstore_${i}:t1`));
  });

  it('BUILD_ARTIFACTS (skaffold build --file-output): runs each image by the digest skaffold pushed', () => {
    const file = artifacts('pushed', (image, i) => `${REGISTRY}/bookstore_${image}:abc${i}@${digestOf(i + 1)}`);
    const { code, output, objects } = deployStaging('pushed', [`BUILD_ARTIFACTS=${file}`]);
    expect(code, output).toBe(0);
    expect(imagesOf(objects)).toEqual(IMAGES.map((image, i) => `${REGISTRY}/bookstore_${image}@${digestOf(i + 1)}`));
  });

  it('BUILD_ARTIFACTS without digests: runs repository:tag as skaffold named them', () => {
    const file = artifacts('no-digest', (image) => `localhost:5000/bookstore_${image}:v2`);
    const { code, output, objects } = deployStaging('no-digest', [`BUILD_ARTIFACTS=${file}`]);
    expect(code, output).toBe(0);
    expect(imagesOf(objects)).toEqual(IMAGES.map((image) => `localhost:5000/bookstore_${image}:v2`));
  });

  it('refuses, naming both ways, when neither REGISTRY nor BUILD_ARTIFACTS is given', () => {
    const { code, output } = deployStaging('nothing', ['REGISTRY=']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/REGISTRY=<registry>/);
    expect(output).toMatch(/BUILD_ARTIFACTS=/);
  });

  it('refuses build artifacts that lack one of the images, naming it', () => {
    const file = artifacts('partial', (image) => `${REGISTRY}/bookstore_${image}:x@${digestOf(7)}`, [
      'recommendations',
      'marketplace',
    ]);
    const { code, output } = deployStaging('partial', [`BUILD_ARTIFACTS=${file}`]);
    expect(code).not.toBe(0);
    expect(output).toContain('bookstore/integration-tests');
  });

  it('refuses build artifacts skaffold built without --default-repo: the chart says what to set', () => {
    const file = artifacts('local', (image) => `bookstore/${image}:x@${digestOf(3)}`);
    const { code, output } = deployStaging('local', [`BUILD_ARTIFACTS=${file}`]);
    expect(code).not.toBe(0);
    expect(output).toMatch(/recommendations\.image\.repository="bookstore\/recommendations" has no registry/);
  });
});

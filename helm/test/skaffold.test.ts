// skaffold.yaml and the generated k8s/ files agree with the charts and docs/CONTRACT.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import type { K8sObject } from './helm';
import { env, helmBin, one, podTemplate, render, repoRoot, spec } from './helm';

interface Skaffold {
  build: {
    local: { push: boolean; useBuildkit?: boolean };
    artifacts: {
      image: string;
      context: string;
      docker: { dockerfile: string; target?: string; buildArgs?: Record<string, string> };
    }[];
  };
  deploy: {
    helm: {
      releases: {
        name: string;
        chartPath: string;
        namespace: string;
        skipTests?: boolean;
        setValueTemplates: Record<string, string>;
      }[];
    };
  };
  portForward: { resourceType: string; resourceName: string; namespace?: string; port: number; localPort: number }[];
  verify: {
    name: string;
    container: { name: string; image: string };
    executionMode: { kubernetesCluster: { jobManifestPath: string } };
  }[];
  profiles: { name: string; patches: { op: string; path: string; value: unknown }[] }[];
}
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const skaffold = parse(read('skaffold.yaml')) as Skaffold;
const release = skaffold.deploy.helm.releases[0]!;
const patchesOf = (profile: string) => skaffold.profiles.find((p) => p.name === profile)?.patches ?? [];

// docs/CONTRACT.md: image -> Dockerfile, and the chart values key that holds each image.
const contract = [
  { image: 'bookstore/recommendations', dockerfile: 'services/Dockerfile', values: 'recommendations.image' },
  { image: 'bookstore/marketplace', dockerfile: 'services/Dockerfile', values: 'marketplace.image' },
  { image: 'bookstore/integration-tests', dockerfile: 'services/Dockerfile', values: 'integrationTests.image' },
];

describe('skaffold.yaml build', () => {
  it('builds the three contract images from their Dockerfiles with the repository root as context', () => {
    expect(skaffold.build.artifacts.map((a) => [a.image, a.docker.dockerfile, a.context])).toEqual(
      contract.map((c) => [c.image, c.dockerfile, '.']),
    );
  });

  it.each(contract)(
    'builds $image as scripts/docker-build.sh does (same Dockerfile, target and build arguments)',
    ({ image }) => {
      // A stand-in docker on PATH records the arguments the script passes to `docker build`.
      const fake = mkdtempSync(path.join(tmpdir(), 'fake-docker-'));
      writeFileSync(path.join(fake, 'docker'), '#!/bin/sh\nprintf "%s\\n" "$@"\n', { mode: 0o755 });
      const args = execFileSync(
        path.join(repoRoot, 'scripts/docker-build.sh'),
        [image.replace('bookstore/', ''), `${image}:x`],
        {
          env: { ...process.env, PATH: `${fake}:${process.env.PATH ?? ''}`, NODE_VERSION: 'from-env' },
          encoding: 'utf8',
        },
      )
        .trim()
        .split('\n');
      rmSync(fake, { recursive: true, force: true });
      const artifact = skaffold.build.artifacts.find((a) => a.image === image)!;
      expect(args[args.indexOf('-f') + 1]).toBe(artifact.docker.dockerfile);
      expect(args.includes('--target') ? args[args.indexOf('--target') + 1] : undefined).toBe(artifact.docker.target);
      const buildArgs = Object.fromEntries(
        args.flatMap((a, i) => (args[i - 1] === '--build-arg' ? [a.split('=') as [string, string]] : [])),
      );
      expect(buildArgs).toEqual({ ...artifact.docker.buildArgs, NODE_VERSION: 'from-env' });
      expect(artifact.docker.buildArgs?.NODE_VERSION).toBe('{{.NODE_VERSION}}');
    },
  );

  it('does not push by default (kind loads images), but does in the staging profile', () => {
    expect(skaffold.build.local.push).toBe(false);
    expect(patchesOf('staging')).toContainEqual({ op: 'replace', path: '/build/local/push', value: true });
  });

  it('builds with the classic builder (no buildx needed), and with BuildKit only in the buildkit profile', () => {
    expect(skaffold.build.local.useBuildkit).toBe(false);
    expect(patchesOf('buildkit')).toEqual([{ op: 'replace', path: '/build/local/useBuildkit', value: true }]);
  });
});

describe('skaffold.yaml helm release', () => {
  it("renders the way skaffold runs helm template (no --kube-version: helm's built-in default must satisfy kubeVersion)", () => {
    expect(render('bookstore', { release: release.name, kubeVersion: null }).length).toBeGreaterThan(0);
  });

  it('renders the umbrella chart without its helm test hook', () => {
    expect(release.chartPath).toBe('helm/bookstore');
    expect(release.skipTests).toBe(true);
  });

  it.each(contract)(
    'sets $values.{repository,tag,digest} from the IMAGE_*_ variables of $image',
    ({ image, values }) => {
      // Skaffold replaces "/" and "-" in image names by "_" to build the template variable names.
      const suffix = image.replace(/[/-]/g, '_');
      expect(release.setValueTemplates[`${values}.repository`]).toBe(`{{.IMAGE_REPO_${suffix}}}`);
      expect(release.setValueTemplates[`${values}.tag`]).toBe(`{{.IMAGE_TAG_${suffix}}}`);
      expect(release.setValueTemplates[`${values}.digest`]).toBe(`{{.IMAGE_DIGEST_${suffix}}}`);
    },
  );

  it('deploys a Helm release (helm upgrade --install), so helm test, rollback and uninstall work on it', () => {
    expect(Object.keys(skaffold.deploy)).not.toContain('kubectl');
    expect(release).toMatchObject({ name: 'bookstore', namespace: 'default' });
  });

  it('staging profile: staging values file, and the release in namespace staging, created if missing', () => {
    const patches = patchesOf('staging');
    expect(patches).toContainEqual({
      op: 'add',
      path: '/deploy/helm/releases/0/valuesFiles',
      value: ['helm/bookstore/values-staging.yaml'],
    });
    expect(patches).toContainEqual({ op: 'replace', path: '/deploy/helm/releases/0/namespace', value: 'staging' });
    expect(patches).toContainEqual({ op: 'add', path: '/deploy/helm/releases/0/createNamespace', value: true });
  });

  it('staging profile: renders without a cluster (no helm template --validate)', () => {
    expect(JSON.stringify(patchesOf('staging'))).not.toContain('--validate');
  });
});

describe('skaffold.yaml portForward', () => {
  it('forwards localhost:8080 to the http port of the marketplace Service the release creates', () => {
    const objects = render('bookstore', { release: release.name });
    const svc = one(objects, 'Service', `${release.name}-marketplace`);
    const pf = skaffold.portForward[0]!;
    expect(pf.resourceType.toLowerCase()).toBe('service');
    expect(pf.resourceName).toBe(svc.metadata.name);
    expect(pf.port).toBe(spec(svc).ports?.find((p) => p.name === 'http')?.port);
    expect(pf.localPort).toBe(8080);
  });

  it('names the release namespace, so skaffold maps the Service to its pods (and forwards it only once)', () => {
    expect(skaffold.portForward[0]?.namespace).toBe(release.namespace);
    expect(patchesOf('staging')).toContainEqual({ op: 'replace', path: '/portForward/0/namespace', value: 'staging' });
  });
});

describe('k8s/integration-tests-job.yaml (skaffold verify and make test-cluster)', () => {
  const text = read('k8s/integration-tests-job.yaml');
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null);
  const verify = skaffold.verify[0]!;

  it('is the file skaffold verify uses, and a single batch/v1 Job document (skaffold decodes only the first)', () => {
    expect(verify.executionMode.kubernetesCluster.jobManifestPath).toBe('k8s/integration-tests-job.yaml');
    expect(text).not.toMatch(/^---$/m);
    expect(docs.map((d) => `${d.apiVersion}/${d.kind}`)).toEqual(['batch/v1/Job']);
  });

  it('has the container skaffold verify patches (same name), running the image skaffold builds', () => {
    const c = podTemplate(docs[0]!).spec.containers;
    expect(c.map((x) => x.name)).toEqual([verify.container.name]);
    expect(c[0]?.image.split(':')[0]).toBe(verify.container.image);
  });

  it('targets the Services of the skaffold release, like the helm test hook does', () => {
    const hook = spec(one(render('bookstore', { release: release.name }), 'Pod', 'integration-tests')).containers?.[0];
    const job = podTemplate(docs[0]!).spec.containers[0]!;
    for (const name of ['MARKETPLACE_URL', 'RECOMMENDATIONS_TARGET']) {
      expect(env(job, name)).toBeDefined();
      expect(env(job, name)).toBe(env(hook!, name));
    }
  });
});

describe('generated files under k8s/', () => {
  it('are what scripts/k8s-render.sh renders from the charts today (not stale)', () => {
    // --check re-renders into a temp dir and diffs; a non-zero exit throws here with the diff.
    expect(() =>
      execFileSync(path.join(repoRoot, 'scripts/k8s-render.sh'), ['--check'], {
        cwd: repoRoot,
        // global-setup built the dependencies; rebuilding them here would race the other workers.
        env: { ...process.env, HELM: helmBin(), HELM_DEPS_DONE: '1' },
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});

describe('k8s/rendered/bookstore.yaml', () => {
  const objects = parseAllDocuments(read('k8s/rendered/bookstore.yaml'))
    .map((d) => d.toJS() as K8sObject | null)
    .filter((d): d is K8sObject => d !== null);

  it('is the umbrella release for kubectl users, without helm hooks', () => {
    expect(objects.map((o) => o.kind)).toEqual(expect.arrayContaining(['Deployment', 'Service', 'ServiceAccount']));
    expect(objects.filter((o) => o.metadata.annotations?.['helm.sh/hook'])).toEqual([]);
    expect(
      objects
        .filter((o) => o.kind === 'Deployment')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['bookstore-marketplace', 'bookstore-recommendations']);
  });
});

describe('Kubernetes versions', () => {
  it('the kind node, the render of k8s/ and the validated versions agree', () => {
    const node = /kindest\/node:v(\d+\.\d+\.\d+)@sha256:[a-f0-9]{64}/.exec(read('k8s/kind-config.yaml'))?.[1];
    const validated = /^export K8S_VERSIONS := (.+)$/m.exec(read('mk/k8s.mk'))?.[1]?.split(/\s+/) ?? [];
    const rendered = /RENDER_KUBE_VERSION:-([\d.]+)/.exec(read('scripts/k8s-render.sh'))?.[1];
    expect(validated).toEqual(expect.arrayContaining(['1.34.0', '1.36.0']));
    expect(validated).toContain(node);
    expect(rendered).toBe(node);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

/** The fields of a package.json this test reads. */
interface Manifest {
  name: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const readManifest = (dir: string) =>
  JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
const root = readManifest('.');
const workspaces = (root.workspaces ?? []).map(readManifest);
const workspaceNames = new Set(workspaces.map((manifest) => manifest.name));

describe('workspace manifests', () => {
  it('name another workspace only under dependencies, never as a dev, peer or optional dependency', () => {
    // `npm ci --omit=dev --workspace=<name>`, as the images install, still installs a workspace that <name>
    // lists under any of these, with its dependencies (npm/cli#6670): a test-only link would ship in the image.
    // Test-only links are the root's devDependencies instead; the root is never part of an image's install.
    const fields = ['devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
    const found = workspaces.flatMap((manifest) =>
      fields.flatMap((field) =>
        Object.keys(manifest[field] ?? {})
          .filter((name) => workspaceNames.has(name))
          .map((name) => `${manifest.name} ${field}: ${name}`),
      ),
    );
    expect(workspaces.length).toBeGreaterThanOrEqual(6);
    expect(found).toEqual([]);
  });

  it('let only the integration-tests image and the bench (in no image) depend on @bookstore/testing', () => {
    const dependents = workspaces
      .filter((manifest) => '@bookstore/testing' in (manifest.dependencies ?? {}))
      .map((m) => m.name);
    expect(dependents.sort()).toEqual(['@bookstore/bench', '@bookstore/integration-tests']);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { docker } from './support/docker';
import { REPO_ROOT } from './support/settings';

const info = cluster();
const BUDGET_MB = 40;

/** The Node version of the images, from skaffold.env (the one place that names it). */
function nodeVersion(): string {
  const version = readFileSync(path.join(REPO_ROOT, 'skaffold.env'), 'utf8').match(/^NODE_VERSION=(\S+)$/m)?.[1];
  if (!version) throw new Error('skaffold.env has no NODE_VERSION line');
  return version;
}

/** The image the services' runtime stage (the Dockerfile's last) starts FROM, its NODE_VERSION argument filled in. */
function runtimeBase(): string {
  const dockerfile = readFileSync(path.join(REPO_ROOT, 'services/Dockerfile'), 'utf8');
  const froms = [...dockerfile.matchAll(/^FROM\s+(\S+)/gim)].map((match) => match[1] ?? '');
  return (froms.at(-1) ?? '').replace('${NODE_VERSION}', nodeVersion());
}

/** An image's size in MB (10^6 bytes, as `docker image ls` counts). */
async function sizeMb(image: string): Promise<number> {
  return Number(await docker(['image', 'inspect', '--format', '{{.Size}}', image])) / 1e6;
}

describe('service images', () => {
  it.each([
    ['recommendations', info.images.recommendations],
    ['marketplace', info.images.marketplace],
  ])(`%s adds under ${BUDGET_MB} MB of app layers to its base image`, async (service, image) => {
    const base = runtimeBase();
    const [total, baseSize] = await Promise.all([sizeMb(image), sizeMb(base)]);
    const app = total - baseSize;
    console.log(
      `[e2e figures] ${image}: ${total.toFixed(1)} MB = ${base} ${baseSize.toFixed(1)} MB + app layers ${app.toFixed(1)} MB`,
    );
    expect(app, `${image} adds ${app.toFixed(1)} MB to ${base}; the budget is ${BUDGET_MB} MB`).toBeLessThan(BUDGET_MB);
    expect(app, `${image} is not built on ${base}: it is smaller than its base`).toBeGreaterThan(0);
  });
});

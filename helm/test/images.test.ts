// Image references come from values: repository + tag (default appVersion), or repository@digest.
import { describe, expect, it } from 'vitest';
import type { Chart, K8sObject } from './helm';
import { REGISTRY, one, podTemplate, registryImages, render, renderError, spec, staging } from './helm';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
/** marketplace alone must be told where recommendations is. */
const target = (chart: Chart) => (chart === 'marketplace' ? ['recommendations.releaseName=recommendations'] : []);
const imageOf = (objects: K8sObject[], chart: 'recommendations' | 'marketplace') =>
  podTemplate(one(objects, 'Deployment', chart)).spec.containers[0]?.image;
const testImageOf = (objects: K8sObject[]) => spec(one(objects, 'Pod', 'integration-tests')).containers?.[0]?.image;

describe.each(['recommendations', 'marketplace'] as const)('image of the %s chart', (chart) => {
  it('defaults to the contract repository with the chart appVersion as tag', () => {
    expect(imageOf(render(chart, { set: target(chart) }), chart)).toBe(`bookstore/${chart}:1.0.0`);
  });

  it('takes repository and tag from values', () => {
    expect(
      imageOf(
        render(chart, {
          set: [...target(chart), 'image.repository=registry.example.com:5000/team/app', 'image.tag=abc123'],
        }),
        chart,
      ),
    ).toBe('registry.example.com:5000/team/app:abc123');
  });

  it('uses repository@digest, without the tag, when a digest is given', () => {
    expect(
      imageOf(render(chart, { set: [...target(chart), 'image.tag=abc123', `image.digest=${DIGEST}`] }), chart),
    ).toBe(`bookstore/${chart}@${DIGEST}`);
  });

  it('never renders "tag@" when the digest is empty (what skaffold sets on kind)', () => {
    const image = imageOf(render(chart, { set: [...target(chart), 'image.tag=abc123', 'image.digest='] }), chart);
    expect(image).toBe(`bookstore/${chart}:abc123`);
    expect(image).not.toContain('@');
  });
});

describe('images in the umbrella', () => {
  // The exact keys skaffold.yaml sets through setValueTemplates.
  const skaffoldLike = (digest: string) => [
    'recommendations.image.repository=bookstore/recommendations',
    'recommendations.image.tag=t1',
    `recommendations.image.digest=${digest}`,
    'marketplace.image.repository=bookstore/marketplace',
    'marketplace.image.tag=t2',
    `marketplace.image.digest=${digest}`,
    'integrationTests.image.repository=bookstore/integration-tests',
    'integrationTests.image.tag=t3',
    `integrationTests.image.digest=${digest}`,
  ];

  it('are set per subchart and for the tests by the keys skaffold uses (kind: empty digests)', () => {
    const objects = render('bookstore', { set: skaffoldLike('') });
    expect([imageOf(objects, 'recommendations'), imageOf(objects, 'marketplace'), testImageOf(objects)]).toEqual([
      'bookstore/recommendations:t1',
      'bookstore/marketplace:t2',
      'bookstore/integration-tests:t3',
    ]);
  });

  it('are pinned by digest when skaffold pushed them (staging)', () => {
    const objects = render('bookstore', { set: skaffoldLike(DIGEST) });
    for (const image of [imageOf(objects, 'recommendations'), imageOf(objects, 'marketplace'), testImageOf(objects)]) {
      expect(image).toMatch(new RegExp(`^bookstore/[a-z-]+@${DIGEST}$`));
    }
  });

  it.each(['bookstore', 'recommendations', 'marketplace'] as Chart[])(
    '%s: no rendered container image ever contains "tag@"',
    (chart) => {
      const text = JSON.stringify(
        render(chart, { set: chart === 'bookstore' ? skaffoldLike('') : [...target(chart), 'image.digest='] }),
      );
      expect(text).not.toMatch(/"image":"[^"]*:[^"/]*@/);
      expect(text).not.toMatch(/"image":"[^"]*@"/);
    },
  );
});

describe('staging images must come from a registry', () => {
  const stagingOnly = (chart: Chart, set: string[] = []) => ({
    values: [`helm/${chart}/values-staging.yaml`],
    set: [...target(chart), ...set],
  });

  it.each([
    ['bookstore', 'recommendations.image.repository="bookstore/recommendations"'],
    ['recommendations', 'image.repository="bookstore/recommendations"'],
    ['marketplace', 'image.repository="bookstore/marketplace"'],
  ] as const)('%s: values-staging.yaml alone is refused, naming the key and what to set (%s)', (chart, key) => {
    const stderr = renderError(chart, stagingOnly(chart));
    expect(stderr).toContain(`${key} has no registry host`);
    expect(stderr).toContain('make deploy-staging REGISTRY=<registry>');
    expect(stderr).toContain('--default-repo');
  });

  it('bookstore: the integration-tests image is held to the same rule', () => {
    const stderr = renderError(
      'bookstore',
      stagingOnly(
        'bookstore',
        registryImages('bookstore').filter((s) => !s.startsWith('integrationTests')),
      ),
    );
    expect(stderr).toContain('integrationTests.image.repository="bookstore/integration-tests" has no registry host');
  });

  it.each([
    'registry.example.com/team/app',
    'localhost:5000/app',
    'docker.io/library/app',
    'localhost/app',
    '10.0.0.1:5000/a/b',
  ])('accepts %s (a registry host first)', (repository) => {
    const objects = render('recommendations', stagingOnly('recommendations', [`image.repository=${repository}`]));
    expect(imageOf(objects, 'recommendations')).toBe(`${repository}:1.0.0`);
  });

  it.each(['bookstore/app', 'app', 'team/sub/app'])('refuses %s (a Docker Hub namespace, or none)', (repository) => {
    expect(
      renderError('recommendations', stagingOnly('recommendations', [`image.repository=${repository}`])),
    ).toContain('has no registry host');
  });

  it('with registry images, staging renders every image from the registry', () => {
    const objects = render('bookstore', staging('bookstore'));
    expect([imageOf(objects, 'recommendations'), imageOf(objects, 'marketplace'), testImageOf(objects)]).toEqual([
      `${REGISTRY}/bookstore_recommendations:1.0.0`,
      `${REGISTRY}/bookstore_marketplace:1.0.0`,
      `${REGISTRY}/bookstore_integration-tests:1.0.0`,
    ]);
  });
});

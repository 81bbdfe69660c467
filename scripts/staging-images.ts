// The images of the staging release, as a Helm values file on stdout (make deploy-staging passes it with -f):
//   --registry R --tag T       images pushed as R/bookstore_<name>:T, the layout `skaffold --default-repo R` uses
//   --build-artifacts FILE     what `skaffold build -p staging --default-repo R --file-output FILE` pushed: each
//                              image's repository, tag and digest, so the release runs exactly those (repo@digest)
// Bad input ends with exit code 2 and a message that says what to give instead.
//
//   npx tsx scripts/staging-images.ts --registry registry.example.com/team --tag v1 > images.yaml
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** The images skaffold.yaml builds (docs/CONTRACT.md), and the chart values key of each. */
const IMAGES = [
  { name: 'bookstore/recommendations', key: 'recommendations' },
  { name: 'bookstore/marketplace', key: 'marketplace' },
  { name: 'bookstore/integration-tests', key: 'integrationTests' },
] as const;

/** The chart's image values. */
interface ImageValues {
  repository: string;
  tag: string;
  digest: string;
}

/** Input we cannot use: reported as it is, without a stack trace. */
class UsageError extends Error {}

const USAGE =
  'set REGISTRY=<registry> IMAGE_TAG=<tag> (images pushed as <registry>/bookstore_<name>:<tag>), or ' +
  'BUILD_ARTIFACTS=<file> as written by `skaffold build -p staging --default-repo <registry> --file-output <file>`';

/** skaffold's --default-repo layout: <registry>/<image name with "/" as "_">. */
function registryImages(registry: string, tag: string): Record<string, ImageValues> {
  if (!registry) throw new UsageError(`no registry given: ${USAGE}`);
  if (!tag) throw new UsageError(`no image tag given: ${USAGE}`);
  const base = registry.replace(/\/+$/, '');
  return Object.fromEntries(
    IMAGES.map((i) => [i.key, { repository: `${base}/${i.name.replaceAll('/', '_')}`, tag, digest: '' }]),
  );
}

/** "repo[:tag][@sha256:...]", where repo may hold a registry port ("localhost:5000/x"). */
function parseReference(reference: string, image: string): ImageValues {
  const m = /^([^@\s]+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/.exec(reference);
  if (!m || m[1]!.endsWith('/') || (!m[2] && !m[3]))
    throw new UsageError(
      `build of ${image}: cannot read its tag ${JSON.stringify(reference)} as repository:tag[@sha256:<digest>]`,
    );
  return { repository: m[1]!, tag: m[2] ?? '', digest: m[3] ?? '' };
}

/** skaffold's BuildOutput JSON: {"builds": [{"imageName": "bookstore/marketplace", "tag": "<repo>:<tag>@<digest>"}]}. */
function artifactImages(file: string): Record<string, ImageValues> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read the build artifacts ${file}: ${(e as Error).message}; ${USAGE}`);
  }
  const builds = (parsed as { builds?: unknown }).builds;
  if (!Array.isArray(builds))
    throw new UsageError(`${file} has no "builds" list: is it a skaffold build --file-output file?`);
  const tags = new Map(builds.map((b: { imageName?: unknown; tag?: unknown }) => [String(b.imageName), String(b.tag)]));
  return Object.fromEntries(
    IMAGES.map((i) => {
      const tag = tags.get(i.name);
      if (tag === undefined)
        throw new UsageError(
          `${file} has no build of ${i.name}: build all three images (skaffold build -p staging without -b)`,
        );
      return [i.key, parseReference(tag, i.name)];
    }),
  );
}

/** Reads `--name value` pairs. */
function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at >= 0 ? (argv[at + 1] ?? '') : undefined;
}

function main(argv: string[]): number {
  try {
    const file = option(argv, '--build-artifacts');
    const images = file
      ? artifactImages(file)
      : registryImages(option(argv, '--registry') ?? '', option(argv, '--tag') ?? '');
    const values = Object.fromEntries(Object.entries(images).map(([key, image]) => [key, { image }]));
    process.stdout.write(`# Written by scripts/staging-images.ts for make deploy-staging.\n${stringify(values)}`);
    return 0;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`deploy-staging: ${e.message}`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));

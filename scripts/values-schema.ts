// Writes helm/<chart>/values.schema.json for the three charts from ONE source, helm/values-schema.yaml, so no
// definition is written twice. `--check` writes nothing and fails when a committed schema differs from what
// the source gives (`make lint-values-schema`, part of `make lint-k8s`); `--helm-dir DIR` reads and writes DIR
// instead of helm/ (the chart tests use it on a copy).
//
//   npx tsx scripts/values-schema.ts [--check] [--helm-dir DIR]
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

type Schema = Record<string, unknown>;

/** The source file's shape (helm/values-schema.yaml explains each part). */
interface Source {
  definitions: Record<string, Schema>;
  /** Named sets of top-level properties a chart can extend. */
  bases: Record<string, { properties: Record<string, Schema> }>;
  charts: Record<string, { title: string; extends?: string; properties: Record<string, Schema> }>;
}

/** Top-level keys Helm adds itself (parent globals, the library dependency's values): never required. */
const ADDED_BY_HELM = new Set(['global', 'bookstore-lib']);

const isObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Strict by construction: an object schema with `properties` gets `additionalProperties: false` unless it says
 * otherwise, and requires every property unless it lists `required` itself (`required: []` = none).
 */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!isObject(node)) return node;
  const out: Schema = {};
  const withProperties = node.type === 'object' && isObject(node.properties);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'required') continue;
    out[key] =
      key === 'properties' || key === 'definitions'
        ? mapValues(value as Record<string, unknown>, strict)
        : strict(value);
    if (key === 'type' && withProperties && !('additionalProperties' in node)) out.additionalProperties = false;
  }
  if (withProperties) {
    const required = Array.isArray(node.required)
      ? node.required
      : Object.keys(node.properties as Schema).filter((k) => !ADDED_BY_HELM.has(k));
    if (required.length > 0) out.required = required;
  }
  return out;
}

function mapValues(map: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, f(v)]));
}

/** The definitions `schema` refers to, directly or through other definitions, in the source's order. */
function usedDefinitions(schema: unknown, definitions: Record<string, Schema>): Record<string, Schema> {
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    const ref = typeof node.$ref === 'string' ? /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1] : undefined;
    if (ref !== undefined) {
      const target = definitions[ref];
      if (target === undefined) throw new Error(`#/definitions/${ref} is referred to but not defined`);
      if (!used.has(ref)) {
        used.add(ref);
        visit(target);
      }
    }
    Object.values(node).forEach(visit);
  };
  visit(schema);
  return Object.fromEntries(Object.entries(definitions).filter(([name]) => used.has(name)));
}

/** The values.schema.json of one chart, as text. */
function chartSchema(source: Source, chart: string): string {
  const spec = source.charts[chart]!;
  const base = spec.extends === undefined ? {} : source.bases[spec.extends]?.properties;
  if (base === undefined) throw new Error(`chart ${chart} extends unknown base ${spec.extends}`);
  const root = strict({ type: 'object', properties: { ...base, ...spec.properties } }) as Schema;
  const definitions = strict(usedDefinitions(root, source.definitions)) as Schema;
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: spec.title, ...root, definitions };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const at = argv.indexOf('--helm-dir');
  const helmDir = path.resolve(at >= 0 ? (argv[at + 1] ?? '') : path.join(__dirname, '../helm'));
  const source = parse(readFileSync(path.join(helmDir, 'values-schema.yaml'), 'utf8')) as Source;
  const stale: string[] = [];
  for (const chart of Object.keys(source.charts)) {
    const file = path.join(helmDir, chart, 'values.schema.json');
    const text = chartSchema(source, chart);
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // A missing schema is stale too.
    }
    if (current === text) continue;
    if (check) stale.push(path.relative(process.cwd(), file));
    else writeFileSync(file, text);
  }
  if (stale.length > 0) {
    for (const file of stale)
      console.error(
        `values-schema: ${file} is not what helm/values-schema.yaml gives: run \`make values-schema\` and commit the result`,
      );
    return 1;
  }
  console.error(
    check
      ? 'values-schema: every values.schema.json matches helm/values-schema.yaml'
      : 'values-schema: wrote the values.schema.json files',
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));

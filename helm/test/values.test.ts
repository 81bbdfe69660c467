// values.yaml files are documented, and values.schema.json rejects what it should.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from 'yaml';
import { isMap, isScalar, isSeq, parse, parseDocument } from 'yaml';
import type { Chart } from './helm';
import { registryImages, render, renderError, repoRoot } from './helm';

const charts: Chart[] = ['recommendations', 'marketplace', 'bookstore'];
const valuesFiles = charts.flatMap((c) =>
  readdirSync(path.join(repoRoot, 'helm', c))
    .filter((f) => /^values(-[a-z]+)?\.yaml$/.test(f))
    .map((f) => `helm/${c}/${f}`),
);

/**
 * Keys of a values file without a comment. A comment counts when it is on the line(s) above the key
 * (for a map's first key the yaml library attaches it to the map) or after it on the same line.
 * Flow collections ({cpu: 1, memory: 2}) and list items are one value, documented by their key.
 */
function undocumentedKeys(yamlText: string): string[] {
  const doc = parseDocument(yamlText);
  const missing: string[] = [];
  const walk = (node: Node | null | undefined, at: string): void => {
    if (!isMap(node) || node.flow) return;
    node.items.forEach((pair, i) => {
      const key = pair.key as Node & { value?: unknown };
      const name = `${at}${at ? '.' : ''}${String(key.value)}`;
      const trailing = isScalar(pair.value) ? pair.value.comment : undefined;
      const commented =
        Boolean(key.commentBefore) ||
        (i === 0 && Boolean(node.commentBefore)) ||
        Boolean(key.comment) ||
        Boolean(trailing);
      if (!commented) missing.push(name);
      if (!isSeq(pair.value)) walk(pair.value as Node, name);
    });
  };
  walk(doc.contents, '');
  return missing;
}

/** Values files to layer on the shipped ones (helm/bookstore/examples). */
const exampleFiles = readdirSync(path.join(repoRoot, 'helm/bookstore/examples'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `helm/bookstore/examples/${f}`);

describe.each([...valuesFiles, ...exampleFiles])('%s', (file) => {
  it('documents every key with a comment', () => {
    expect(undocumentedKeys(readFileSync(path.join(repoRoot, file), 'utf8'))).toEqual([]);
  });
});

describe('the comment check itself', () => {
  it('reports keys without a comment at any depth, and accepts comments above, first-in-map and trailing', () => {
    const text = [
      '# -- documented',
      'a: 1',
      'b:',
      '  # -- first key of a map',
      '  c: 2',
      '  d: 3 # trailing',
      '  e:',
      '    f: {x: 1}',
      'g: 4',
      '',
    ].join('\n');
    expect(undocumentedKeys(text)).toEqual(['b', 'b.e', 'b.e.f', 'g']);
  });
});

/** Runs the schema generator (scripts/values-schema.ts) with `args`. */
function valuesSchema(args: string[]) {
  return spawnSync('npx', ['--no-install', 'tsx', 'scripts/values-schema.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
}

describe('values.schema.json files', () => {
  const schemaOf = (c: Chart) =>
    JSON.parse(readFileSync(path.join(repoRoot, 'helm', c, 'values.schema.json'), 'utf8')) as {
      additionalProperties?: boolean;
      definitions: Record<string, unknown>;
    };

  it('are generated from one source, helm/values-schema.yaml (scripts/values-schema.ts --check)', () => {
    const result = valuesSchema(['--check']);
    expect(result.status, result.stderr).toBe(0);
  });

  it('--check fails, naming the file, when a schema was edited by hand', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'schema-'));
    try {
      cpSync(path.join(repoRoot, 'helm/values-schema.yaml'), path.join(dir, 'values-schema.yaml'));
      for (const c of charts)
        cpSync(path.join(repoRoot, 'helm', c, 'values.schema.json'), path.join(dir, c, 'values.schema.json'), {
          recursive: true,
        });
      const edited = path.join(dir, 'marketplace/values.schema.json');
      writeFileSync(edited, readFileSync(edited, 'utf8').replace('"minimum": 1024', '"minimum": 1'));
      const result = valuesSchema(['--check', '--helm-dir', dir]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain('marketplace/values.schema.json');
      expect(result.stderr).toContain('make values-schema');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keep only the definitions each chart uses, each written once in the source', () => {
    const source = parse(readFileSync(path.join(repoRoot, 'helm/values-schema.yaml'), 'utf8')) as {
      definitions: Record<string, unknown>;
    };
    for (const c of charts) {
      const text = JSON.stringify(schemaOf(c));
      for (const name of Object.keys(schemaOf(c).definitions)) {
        expect(source.definitions[name], `${c}: #/definitions/${name}`).toBeDefined();
        expect(text.includes(`"#/definitions/${name}"`), `${c} uses ${name}`).toBe(true);
      }
    }
  });

  it('set additionalProperties: false on every object with properties', () => {
    const open: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      // Helm's globals are shared with every chart of a release, ours or not: only they may stay open.
      const global = at.endsWith('/properties/global') || at.endsWith('/definitions/umbrellaGlobal');
      if (o.type === 'object' && o.properties !== undefined && o.additionalProperties !== false && !global)
        open.push(at);
      for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
    };
    charts.forEach((c) => walk(schemaOf(c), c));
    expect(open).toEqual([]);
  });
});

const badValues = readdirSync(path.join(repoRoot, 'helm/test/bad-values'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => {
    const text = readFileSync(path.join(repoRoot, 'helm/test/bad-values', f), 'utf8');
    const chart = /^# chart: (\S+)$/m.exec(text)?.[1] as Chart | undefined;
    const expected = /^# expect: (.+)$/m.exec(text)?.[1];
    if (!chart || !expected) throw new Error(`${f}: needs "# chart:" and "# expect:" header lines`);
    return { file: f, chart, expected };
  });

describe('values.schema.json against helm/test/bad-values', () => {
  it('has bad values files for every chart', () => {
    expect(new Set(badValues.map((b) => b.chart))).toEqual(new Set(charts));
  });

  it.each(badValues)('$file: helm refuses it, naming the key ($expected)', ({ file, chart, expected }) => {
    const stderr = renderError(chart, { values: [`helm/test/bad-values/${file}`] });
    expect(stderr).toContain("values don't meet the specifications of the schema");
    expect(stderr).toContain(expected);
  });

  it.each(valuesFiles)(
    'accepts the shipped %s (staging: with registry images; marketplace: told where recommendations is)',
    (file) => {
      const chart = file.split('/')[1] as Chart;
      const set = [
        ...(file.includes('-staging') ? registryImages(chart) : []),
        ...(chart === 'marketplace' ? ['recommendations.releaseName=recommendations'] : []),
      ];
      expect(render(chart, { values: [file], set }).length).toBeGreaterThan(0);
    },
  );
});

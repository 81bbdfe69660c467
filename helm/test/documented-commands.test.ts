// Every command README.md and helm/README.md give users is tested: its block names who runs it (the kind
// suite, which checks it ran each one as written, or a file that contains it verbatim), or why it cannot
// run on the CI machine. Offline half of the rule; services/integration-tests/e2e-kind checks the rest.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedCommands, parseCommandBlocks, runsAsWritten } from '@bookstore/testing/documented-commands';
import { repoRoot } from './helm';

const commands = documentedCommands(repoRoot);

describe('documented commands (README.md, helm/README.md)', () => {
  it('are found at all', () => {
    expect(commands.length).toBeGreaterThan(5);
  });

  it('each sit in a block that names who runs it, or why it cannot run here', () => {
    const unannotated = commands
      .filter((c) => c.testedBy.length === 0 && !c.notRunnableHere)
      .map((c) => `${c.file}:${c.line}: ${c.command}`);
    expect(unannotated).toEqual([]);
  });

  it('named as tested by files only: at least one of them contains the command as written, or reads it from the README', () => {
    const contains = (file: string, command: string) => {
      const full = path.join(repoRoot, file);
      if (!existsSync(full)) return false;
      const text = readFileSync(full, 'utf8');
      // A test that runs the README's own lines (readmeCommands('grpcurl')) runs whatever the README says.
      if (text.includes(`readmeCommands('${command.split(' ')[0] ?? ''}')`)) return true;
      return text.split('\n').some((line) => line.includes(command) || runsAsWritten(command, line.trim()));
    };
    const unproven = commands
      // e2e-kind proves its commands itself: it fails unless it ran each one as written.
      .filter((c) => c.testedBy.length > 0 && !c.testedBy.includes('e2e-kind'))
      .filter((c) => !c.testedBy.some((file) => contains(file, c.command)))
      .map((c) => `${c.file}:${c.line}: "${c.command}" is in none of ${c.testedBy.join(', ')}`);
    expect(unproven).toEqual([]);
  });
});

// The README's "run one test" commands, run here exactly as written (they are quick: one unit test file).
describe("the README's commands for running one test", () => {
  it.each([
    'npx vitest run services/recommendations/test/recommend.test.ts',
    "npx vitest run services/recommendations/test/recommend.test.ts -t 'caps'",
  ])('%s passes, and runs what it says', (command) => {
    expect(commands.map((c) => c.command)).toContain(command);
    const raw = execSync(command, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    // eslint-disable-next-line no-control-regex -- the colours vitest may print around its counts
    const output = raw.replace(/\u001b\[[0-9;]*m/g, '');
    const passed = Number(output.match(/Tests\s+(\d+) passed/)?.[1] ?? 0);
    expect(passed).toBeGreaterThan(0);
    // -t narrows the run: the filtered command runs fewer tests than the whole file.
    if (command.includes(' -t ')) expect(output).toMatch(/skipped/);
  });
});

describe('parseCommandBlocks', () => {
  const markdown = [
    '<!-- tested-by: e2e-kind, .ci/run -->',
    '```sh',
    'make kind-up              # a comment',
    '# a comment line',
    'make deploy-staging REGISTRY=r \\',
    '  IMAGE_TAG=<tag>',
    '```',
    '```sh',
    'make nothing',
    '```',
  ].join('\n');

  it('reads commands, joins continuation lines, drops comments, and takes the annotation of the block below it only', () => {
    expect(parseCommandBlocks('x.md', markdown)).toEqual([
      { file: 'x.md', line: 3, command: 'make kind-up', testedBy: ['e2e-kind', '.ci/run'] },
      {
        file: 'x.md',
        line: 5,
        command: 'make deploy-staging REGISTRY=r IMAGE_TAG=<tag>',
        testedBy: ['e2e-kind', '.ci/run'],
      },
      { file: 'x.md', line: 9, command: 'make nothing', testedBy: [] },
    ]);
  });

  it('matches a placeholder with exactly one word', () => {
    expect(runsAsWritten('make x IMAGE_TAG=<tag>', 'make x IMAGE_TAG=abc')).toBe(true);
    expect(runsAsWritten('make x IMAGE_TAG=<tag>', 'make x IMAGE_TAG=a b')).toBe(false);
    expect(runsAsWritten('make x', 'make x y')).toBe(false);
  });
});

// Every command README.md and helm/README.md give users is tested: its block names who runs it (the kind
// suite, which checks it ran each one as written, or a file that contains it verbatim), or why it cannot
// run on the CI machine. Offline half of the rule; services/integration-tests/e2e-kind checks the rest.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedCommands, parseCommandBlocks, runsAsWritten } from '../../services/shared/testing/documented-commands';
import { repoRoot } from './helm';

const commands = documentedCommands(repoRoot);

describe('documented commands (README.md, helm/README.md)', () => {
  it('are found at all', () => {
    expect(commands.length).toBeGreaterThan(5);
  });

  it('each sit in a block that names who runs it, or why it cannot run here', () => {
    const unannotated = commands.filter((c) => c.testedBy.length === 0 && !c.notRunnableHere).map((c) => `${c.file}:${c.line}: ${c.command}`);
    expect(unannotated).toEqual([]);
  });

  it('named as tested by a file: the file exists and contains the command as written', () => {
    const unproven = commands.flatMap((c) =>
      c.testedBy
        .filter((tester) => tester !== 'e2e-kind')
        .filter((file) => {
          const full = path.join(repoRoot, file);
          if (!existsSync(full)) return true;
          const lines = readFileSync(full, 'utf8').split('\n');
          return !lines.some((line) => line.includes(c.command) || runsAsWritten(c.command, line.trim()));
        })
        .map((file) => `${c.file}:${c.line}: "${c.command}" is not in ${file}`),
    );
    expect(unproven).toEqual([]);
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
      { file: 'x.md', line: 5, command: 'make deploy-staging REGISTRY=r IMAGE_TAG=<tag>', testedBy: ['e2e-kind', '.ci/run'] },
      { file: 'x.md', line: 9, command: 'make nothing', testedBy: [] },
    ]);
  });

  it('matches a placeholder with exactly one word', () => {
    expect(runsAsWritten('make x IMAGE_TAG=<tag>', 'make x IMAGE_TAG=abc')).toBe(true);
    expect(runsAsWritten('make x IMAGE_TAG=<tag>', 'make x IMAGE_TAG=a b')).toBe(false);
    expect(runsAsWritten('make x', 'make x y')).toBe(false);
  });
});

import fs from 'node:fs';
import path from 'node:path';

/** The repository's README, whose commands the tests run as written. */
export const README_PATH = path.resolve(__dirname, '../../../README.md');

/**
 * Every command in the README's shell blocks that starts with `program`, with `\` continuations joined,
 * in the order the README shows them.
 */
export function readmeCommands(program: string, readme = fs.readFileSync(README_PATH, 'utf8')): string[] {
  const blocks = [...readme.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((match) => match[1] ?? '');
  return blocks
    .flatMap((block) => block.replace(/\\\n\s*/g, '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line === program || line.startsWith(`${program} `));
}

import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Every command the docs tell users to run, with who runs it. In the Markdown files each ```sh block is
 * preceded by an HTML comment (invisible on GitHub) naming its testers:
 *   <!-- tested-by: e2e-kind, .ci/run -->             the kind suite runs it, or that file contains it verbatim
 *   <!-- not-runnable-here: pushes to a registry -->  the reason it cannot run on the CI machine
 * A block without one fails the docs check, so a new command cannot be documented untested.
 */
export interface DocumentedCommand {
  /** Repository-relative file and 1-based line of the command. */
  file: string;
  line: number;
  /** The command line as written, continuation lines joined, the trailing `# comment` removed. */
  command: string;
  /** The testers named for its block: `e2e-kind`, or repository-relative files that contain the command. */
  testedBy: string[];
  /** Why it cannot run here, when the block says so. */
  notRunnableHere?: string;
}

/** The files whose command blocks are held to the rule; NOTES.txt is checked as rendered by the kind suite. */
export const DOCUMENTED_FILES = ['README.md', 'helm/README.md'] as const;

const ANNOTATION = /<!--\s*(tested-by|not-runnable-here):\s*(.*?)\s*-->/;

/** The commands of one Markdown text's ```sh blocks, with their blocks' annotations. */
export function parseCommandBlocks(file: string, markdown: string): DocumentedCommand[] {
  const lines = markdown.split('\n');
  const found: DocumentedCommand[] = [];
  let annotation: RegExpMatchArray | null = null;
  for (let i = 0; i < lines.length; i += 1) {
    const text = lines[i] ?? '';
    const match = text.match(ANNOTATION);
    if (match) annotation = match;
    if (!/^```(sh|bash|shell)\s*$/.test(text.trim())) continue;
    const here = annotation;
    annotation = null;
    for (i += 1; i < lines.length && lines[i]?.trim() !== '```'; i += 1) {
      const start = i;
      let command = lines[i] ?? '';
      while (command.trimEnd().endsWith('\\') && i + 1 < lines.length) {
        i += 1;
        command = `${command.trimEnd().slice(0, -1).trimEnd()} ${(lines[i] ?? '').trim()}`;
      }
      command = command.replace(/\s+#.*$/, '').trim();
      if (command === '' || command.startsWith('#')) continue;
      found.push({
        file,
        line: start + 1,
        command,
        testedBy:
          here?.[1] === 'tested-by'
            ? (here[2] ?? '')
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean)
            : [],
        ...(here?.[1] === 'not-runnable-here' ? { notRunnableHere: here[2] ?? '' } : {}),
      });
    }
  }
  return found;
}

/** The repository root, from this file's place in it. */
const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * The README's commands that start with `program`, in the order it shows them, for tests that run them as
 * written (a block that names such a test as its tester must contain nothing else it does not run).
 */
export function readmeCommands(program: string, root: string = REPO_ROOT): string[] {
  return documentedCommands(root)
    .filter((c) => c.file === 'README.md' && (c.command === program || c.command.startsWith(`${program} `)))
    .map((c) => c.command);
}

/** Every documented command of {@link DOCUMENTED_FILES}, read from the repository at `root`. */
export function documentedCommands(root: string): DocumentedCommand[] {
  return DOCUMENTED_FILES.flatMap((file) => parseCommandBlocks(file, readFileSync(path.join(root, file), 'utf8')));
}

/**
 * Whether `ran` is the documented `command` exactly, where `<placeholder>` parts of the documented form
 * (`IMAGE_TAG=<tag>`) stand for any one word.
 */
export function runsAsWritten(command: string, ran: string): boolean {
  const pattern = command
    .split(/(<[^<>\s]+>)/)
    .map((part) => (/^<[^<>\s]+>$/.test(part) ? '\\S+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}$`).test(ran);
}

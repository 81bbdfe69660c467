import { HELM } from './kube';
import { KIND } from './settings';
import { run } from './shell';

/** Every NOTES.txt the run read, for the check that each command it prints was run as printed. */
export const seenNotes: string[] = [];

/** A release's NOTES.txt as Helm prints it after an install (`helm get notes`). */
export async function releaseNotes(namespace: string, release: string = KIND.release): Promise<string> {
  const { output } = await run(`${HELM} get notes ${release} --namespace ${namespace} --kube-context ${KIND.context}`, {
    timeoutMs: 60_000,
  });
  seenNotes.push(output);
  return output;
}

/** The commands a NOTES.txt prints: its indented `kubectl ...` and `helm ...` lines. */
export function notesCommands(notes: string): string[] {
  return notes
    .split('\n')
    .filter((line) => /^\s{2,}(kubectl|helm) /.test(line))
    .map((line) => line.trim());
}

/** The one command of a NOTES.txt that matches `pattern`. */
export function notesCommand(notes: string, pattern: RegExp): string {
  const found = notesCommands(notes).filter((command) => pattern.test(command));
  if (found.length !== 1) throw new Error(`NOTES.txt prints ${found.length} commands matching ${pattern}:\n${notes}`);
  return found[0] as string;
}

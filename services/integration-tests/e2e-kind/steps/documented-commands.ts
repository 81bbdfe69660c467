import { describe, expect, it } from 'vitest';
import { documentedCommands, runsAsWritten } from '@bookstore/testing';
import { notesCommands, seenNotes } from '../support/notes';
import { REPO_ROOT } from '../support/settings';
import { ranCommands } from '../support/shell';

/** The commands this run executed that match a documented one. */
const ranAsWritten = (command: string) => [...ranCommands].some((ran) => runsAsWritten(command, ran));

/** Last: every command the docs give to the kind suite, and every command NOTES.txt printed, was run as written. */
export function documentedCommandsStep(): void {
  describe('13. the documented commands', () => {
    it('README.md and helm/README.md: every command marked tested-by e2e-kind was run exactly as written', () => {
      const missing = documentedCommands(REPO_ROOT)
        .filter((c) => c.testedBy.includes('e2e-kind') && !ranAsWritten(c.command))
        .map((c) => `${c.file}:${c.line}: ${c.command}`);
      expect(missing).toEqual([]);
    });

    it('NOTES.txt: every command it printed (kind and staging releases) was run exactly as printed', () => {
      expect(seenNotes.length).toBeGreaterThan(0);
      const missing = [...new Set(seenNotes.flatMap(notesCommands))].filter((command) => !ranCommands.has(command));
      expect(missing).toEqual([]);
    });
  });
}

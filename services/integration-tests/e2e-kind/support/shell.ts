import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, readSettings } from './settings';

/** What a command ended with; `output` is stdout and stderr interleaved, as a user sees them (uncoloured). */
export interface CommandResult {
  command: string;
  code: number;
  output: string;
  ms: number;
}

/** Options of one command; `cwd` defaults to the repository root, `env` adds to the suite's environment. */
export interface CommandOptions {
  timeoutMs: number;
  cwd?: string;
  env?: Record<string, string>;
  /** Resolve with the result instead of rejecting on a non-zero exit. */
  allowFailure?: boolean;
}

/** Every command line the suite ran verbatim, for the check that each documented command was run. */
export const ranCommands = new Set<string>();

const KEEP_CHARS = 400_000;
const settings = readSettings();

/** Appends to the step's log file, so a failure's whole output is kept even when the console shows a tail. */
function log(text: string): void {
  mkdirSync(settings.logDir, { recursive: true });
  appendFileSync(path.join(settings.logDir, 'commands.log'), text);
}

/** Starts `bash -c <command line>` in a process group of its own, so a timeout can stop everything it started. */
function start(
  command: string,
  options: Omit<CommandOptions, 'timeoutMs'>,
): { child: ChildProcess; output: () => string } {
  ranCommands.add(command);
  log(`\n$ ${command}    (cwd ${options.cwd ?? REPO_ROOT})\n`);
  const child = spawn('bash', ['-o', 'pipefail', '-c', command], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    log(text);
    // Assertions read the text without terminal colours (vitest and skaffold colour their output).
    // eslint-disable-next-line no-control-regex -- ANSI escape sequences
    output = (output + text.replace(/\u001b\[[0-9;]*m/g, '')).slice(-KEEP_CHARS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return { child, output: () => output };
}

/** Signals the whole process group of a child started by {@link start}. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Resolves with the child's exit code (128 + signal number for a signal), after its output is read. */
function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** The last lines of an output, for assertion messages. */
export function tail(output: string, lines = 40): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs one command line exactly as written (bash, from the repository root) and waits for it, never longer
 * than `timeoutMs`: then the whole process group is killed and the command fails. Rejects on a non-zero exit
 * with the output's tail, unless `allowFailure`.
 */
export async function run(command: string, options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const { child, output } = start(command, options);
  const timer = setTimeout(() => {
    log(`\n[e2e-kind] ${command}: killed after ${options.timeoutMs} ms\n`);
    signalGroup(child, 'SIGKILL');
  }, options.timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  const result = { command, code, output: output(), ms: Math.round(performance.now() - started) };
  console.log(`[e2e-kind] $ ${command}  -> exit ${code} in ${(result.ms / 1000).toFixed(1)} s`);
  if (code !== 0 && !options.allowFailure) {
    throw new Error(`\`${command}\` exited ${code} after ${result.ms} ms; last lines:\n${tail(result.output)}`);
  }
  return result;
}

/** A command left running (a port-forward, skaffold dev) until the test stops it. */
export interface Background {
  readonly command: string;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves once its output matches `pattern`; rejects if it exits first or `timeoutMs` passes. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Sends `signal` (Ctrl-C by default) to its group and resolves with the exit code; SIGKILL after `timeoutMs`. */
  stop(timeoutMs: number, signal?: NodeJS.Signals): Promise<number>;
}

/** Starts a long-running command line exactly as written; the caller must stop() it (tests do, in `finally`). */
export function runInBackground(
  command: string,
  options: Omit<CommandOptions, 'timeoutMs' | 'allowFailure'> = {},
): Background {
  const { child, output } = start(command, options);
  const exit = exited(child);
  console.log(`[e2e-kind] $ ${command} &`);
  return {
    command,
    output,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = output().match(pattern);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null) {
          throw new Error(
            `\`${command}\` exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${tail(output())}`,
          );
        }
        if (Date.now() > deadline)
          throw new Error(`\`${command}\` printed no ${pattern} within ${timeoutMs} ms:\n${tail(output())}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async stop(timeoutMs, signal = 'SIGINT') {
      signalGroup(child, signal);
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      console.log(`[e2e-kind] ${command}: stopped by ${signal}, exit ${code}`);
      return code;
    },
  };
}

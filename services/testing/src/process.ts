import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';

/** A service started as its own process, exactly as production starts it (from its server.ts, via tsx). */
export interface ServiceProcess {
  child: ChildProcess;
  /** Parsed JSON log lines so far. */
  logs: () => Record<string, unknown>[];
  /** Everything written to stdout. */
  stdout: () => string;
  /** Everything written to stderr. */
  stderr: () => string;
  /** Resolves with the first log line whose msg matches; rejects after `timeoutMs`. */
  waitForLog: (msg: string, timeoutMs?: number) => Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Extra ways to start a service process. */
export interface StartOptions {
  /** Node flags placed before the entry point, e.g. `--import` of a test preload. */
  nodeArgs?: string[];
}

/** Starts `services/<service>/src/server.ts` with `env` added to this process's environment. */
export function startService(service: string, env: Record<string, string>, options: StartOptions = {}): ServiceProcess {
  const entry = path.resolve(__dirname, '../..', service, 'src/server.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', ...(options.nodeArgs ?? []), entry], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const logs = () =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const waitForLog = async (msg: string, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const line = logs().find((entry) => entry.msg === msg);
      if (line) return line;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no "${msg}" log within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`);
  };
  return { child, logs, stdout: () => out, stderr: () => err, waitForLog, exited };
}

/** Every line of `text` that is not one JSON object, as a log collector would fail to parse it. */
export function nonJsonLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
      } catch {
        return true;
      }
    });
}

import { execFile } from 'node:child_process';

/** What one docker CLI call ended with. */
export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the docker CLI and resolves with its exit code and trimmed output, never rejecting on a non-zero
 * exit; a call that outlives `timeoutMs` is killed, so no test can hang on a stuck daemon.
 */
export function dockerResult(args: readonly string[], timeoutMs = 60_000): Promise<DockerResult> {
  return new Promise((resolve) => {
    execFile('docker', args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const killed = error?.killed ? ` (killed after ${timeoutMs} ms)` : '';
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: stdout.trim(), stderr: `${stderr.trim()}${killed}` });
    });
  });
}

/** Runs the docker CLI and resolves with its trimmed stdout; rejects with the command and its stderr on failure. */
export async function docker(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const result = await dockerResult(args, timeoutMs);
  if (result.code !== 0) {
    throw new Error(`docker ${args.join(' ')} exited ${result.code}: ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

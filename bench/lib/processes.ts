import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TMP_DIR } from './settings';

/** A server the harness started as a plain `node` process (never through tsx, which would add its own memory). */
export interface ServerProcess {
  readonly name: string;
  readonly pid: number;
  /** performance.now() just before spawn: the origin of start-up time. */
  readonly spawnedAt: number;
  /** Where stdout and stderr go, for the failure messages. */
  readonly logFile: string;
  /** Resident set size now, in MB, read from /proc/<pid>/status. */
  rssMb(): number;
  /** True once the process has exited. */
  exited(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ServerProcess>();
/** Processes of ours the harness did not spawn itself: the containers' main processes, by host pid. */
const adopted = new Set<number>();

/** Counts a process as part of this benchmark (for the contention meter) until `forget` is called. */
export function adopt(pid: number): () => void {
  adopted.add(pid);
  return () => adopted.delete(pid);
}

/** Pids of every server of this benchmark alive now. */
export function ourPids(): number[] {
  return [...[...running].map((proc) => proc.pid), ...adopted];
}

/** Resident set size of any process in MB (VmRSS of /proc/<pid>/status). */
export function rssOfPid(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS in /proc/${pid}/status: has the process exited?`);
  return Number(kb) / 1024;
}

/** Starts `node [nodeArgs] script` with `env` on top of ours; output goes to a log file under bench/tmp/logs. */
export function startNode(
  name: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ServerProcess {
  const logDir = path.join(TMP_DIR, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${script})`);
  const pid = child.pid;
  let gone = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  const proc: ServerProcess = {
    name,
    pid,
    spawnedAt,
    logFile,
    rssMb: () => rssOfPid(pid),
    exited: () => gone,
    async stop(graceMs = 15_000) {
      running.delete(proc);
      if (gone) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
  running.add(proc);
  return proc;
}

/** Stops every server still running (used on the way out, also after a failure or Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.stop(5000)));
}

/** A free TCP port on 127.0.0.1, chosen by the OS (ports are passed explicitly so readiness can be polled). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What a finished tool run printed. */
export interface ToolOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a load generator or docker command to completion; killed (and rejected) after `timeoutMs`. */
export function runTool(command: string, args: readonly string[], timeoutMs: number): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Samples a process's RSS every `everyMs` while `work` runs; returns the work's result and the last sample. */
export async function withRssSampling<T>(
  proc: ServerProcess,
  everyMs: number,
  work: () => Promise<T>,
): Promise<{ result: T; lastRssMb: number; peakRssMb: number }> {
  let last = proc.rssMb();
  let peak = last;
  const timer = setInterval(() => {
    if (proc.exited()) return;
    last = proc.rssMb();
    peak = Math.max(peak, last);
  }, everyMs);
  try {
    return { result: await work(), lastRssMb: last, peakRssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

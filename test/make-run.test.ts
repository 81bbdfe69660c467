import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

/** The processes below `pid`, by pid, with their command lines (Linux /proc). */
function descendants(pid: number): Map<number, string> {
  const parents = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while the table was read.
    }
  }
  const found = new Map<number, string>();
  const visit = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid !== parent || found.has(child)) continue;
      try {
        found.set(child, fs.readFileSync(`/proc/${child}/cmdline`, 'utf8').replaceAll('\0', ' ').trim());
      } catch {
        continue;
      }
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** A run of `npm start`, what `make run` runs. */
interface Run {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | string>;
}

/** The two services `npm start` runs. */
const SERVICES = ['recommendations', 'marketplace'] as const;

let run: Run;

/** Output lines of one service, without concurrently's `[name]` prefix, parsed where they are JSON. */
function linesOf(service: string): Record<string, unknown>[] {
  return run
    .output()
    .split('\n')
    .filter((line) => line.startsWith(`[${service}] {`))
    .map((line) => JSON.parse(line.slice(service.length + 3)) as Record<string, unknown>);
}

/** Waits until `predicate` holds, polling every 100 ms, for at most `timeoutMs`. */
async function waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; output:\n${run.output()}`);
    await sleep(100);
  }
}

/** The ports a service logged as bound. */
function portsOf(service: string): Record<string, number> {
  const line = linesOf(service).find((entry) => entry.msg === `${service} listening`);
  if (!line) throw new Error(`${service} never logged that it listens`);
  return line.ports as Record<string, number>;
}

/** The pid of the node process running `services/<service>/dist/server.js` under npm. */
function pidOf(service: string): number {
  const entry = [...descendants(run.npm.pid as number)].find(([, command]) => command === `node services/${service}/dist/server.js`);
  if (!entry) throw new Error(`no ${service} process under npm start`);
  return entry[0];
}

/** True when the service still answers on its metrics port. */
async function answers(service: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${portsOf(service).metrics}/metrics`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Starts `npm start` as its own process group, as a terminal runs it, with every port picked by the OS. */
async function startRun(): Promise<Run> {
  let output = '';
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', HEALTH_PORT: '0', METRICS_PORT: '0', FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => npm.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  run = { npm, output: () => output, exited };
  await waitFor(
    'both services to listen',
    () => SERVICES.every((service) => linesOf(service).some((line) => line.msg === `${service} listening`)),
    150_000,
  );
  return run;
}

/** Stops whatever a run left: the whole group, as closing the terminal would. */
function killRun(): void {
  if (run?.npm.pid && run.npm.exitCode === null && run.npm.signalCode === null) process.kill(-run.npm.pid, 'SIGKILL');
}

describe.each([
  ['recommendations', 'marketplace'],
  ['marketplace', 'recommendations'],
] as const)('npm start (make run) when %s is killed with SIGKILL', (victim, survivor) => {
  beforeAll(startRun, 180_000);
  afterAll(killRun);

  it(`keeps ${survivor} running, and says that ${victim} exited`, async () => {
    process.kill(pidOf(victim), 'SIGKILL');
    await waitFor(`concurrently to report that ${victim} exited`, () => new RegExp(`\\[${victim}\\] .*exited with code`).test(run.output()));
    await sleep(1000);
    expect(await answers(survivor), `${survivor} stopped with ${victim}`).toBe(true);
    if (survivor === 'marketplace') {
      // The README's promise: with recommendations gone, pages degrade and marketplace stays up.
      const page = await fetch(`http://127.0.0.1:${portsOf('marketplace').http}/`, { signal: AbortSignal.timeout(5000) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Recommendations are unavailable right now');
    }
  }, 30_000);

  it(`stops ${survivor} and everything else it started on Ctrl-C (SIGINT to the process group)`, async () => {
    const pid = run.npm.pid as number;
    expect(pidOf(survivor), `${survivor} is running`).toBeGreaterThan(0);
    process.kill(-pid, 'SIGINT');
    const code = await Promise.race([run.exited, sleep(20_000).then(() => 'still running')]);
    expect(code, 'npm start after Ctrl-C').not.toBe('still running');
    await waitFor('every process of the run to end', () => descendants(pid).size === 0, 10_000);
  }, 40_000);
});

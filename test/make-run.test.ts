import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
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

/** A run of `make run`, exactly as the README shows it. */
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

/** The pid of the node process running `services/<service>/dist/server.js` under make run. */
function pidOf(service: string): number {
  const entry = [...descendants(run.npm.pid as number)].find(
    ([, command]) => command === `node services/${service}/dist/server.js`,
  );
  if (!entry) throw new Error(`no ${service} process under make run`);
  return entry[0];
}

/** True when the service still answers on its metrics port. */
async function answers(service: string): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${portsOf(service).metrics}/metrics`, {
      signal: AbortSignal.timeout(3000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** The ports `make run` binds: the services' defaults (README, "Ports and environment"). */
const DEFAULT_PORTS = [50051, 50052, 9464, 8080, 8081, 9465];

/** Fails, naming the port, when one `make run` needs is taken: the command is run as written, with its ports. */
async function assertPortsFree(): Promise<void> {
  for (const port of DEFAULT_PORTS) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', () =>
        reject(new Error(`port ${port} is in use; make run needs ${DEFAULT_PORTS.join(', ')} free`)),
      );
      server.listen(port, '0.0.0.0', () => server.close(() => resolve()));
    });
  }
}

/** Starts `make run` as its own process group, as a terminal runs it: a top-level make, default ports. */
async function startRun(): Promise<Run> {
  await assertPortsFree();
  let output = '';
  // Not a sub-make of `make test`: no inherited make state, as in a user's shell.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(MAKEFLAGS|MFLAGS|MAKELEVEL|MAKEOVERRIDES)$/.test(name)),
  );
  const npm = spawn('make', ['run'], {
    cwd: ROOT,
    detached: true,
    env: { ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    npm.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  run = { npm, output: () => output, exited };
  await waitFor(
    'both services to listen',
    () => SERVICES.every((service) => linesOf(service).some((line) => line.msg === `${service} listening`)),
    150_000,
  );
  return run;
}

/** The homepage, as a browser on http://localhost:8080 gets it. */
async function homepage(): Promise<{ status: number; body: string }> {
  const page = await fetch(`http://127.0.0.1:${portsOf('marketplace').http}/`, { signal: AbortSignal.timeout(5000) });
  return { status: page.status, body: await page.text() };
}

/** Stops whatever a run left: the whole group, as closing the terminal would. */
function killRun(): void {
  if (run?.npm.pid && run.npm.exitCode === null && run.npm.signalCode === null) process.kill(-run.npm.pid, 'SIGKILL');
}

describe.each([
  ['recommendations', 'marketplace'],
  ['marketplace', 'recommendations'],
] as const)('make run when %s is killed with SIGKILL', (victim, survivor) => {
  beforeAll(startRun, 180_000);
  afterAll(killRun);

  it(`keeps ${survivor} running, and says that ${victim} exited`, async () => {
    // Before: the two found each other on the default ports, so the homepage is the full one (polled: the
    // first call over a cold channel may miss the production deadline on a loaded machine).
    const deadline = Date.now() + 20_000;
    let books = 0;
    while (books !== 3 && Date.now() < deadline) {
      books = ((await homepage()).body.match(/<li[\s>]/g) ?? []).length;
      if (books !== 3) await sleep(250);
    }
    expect(books, 'books on the homepage before the kill').toBe(3);
    process.kill(pidOf(victim), 'SIGKILL');
    await waitFor(`concurrently to report that ${victim} exited`, () =>
      new RegExp(`\\[${victim}\\] .*exited with code`).test(run.output()),
    );
    await sleep(1000);
    expect(await answers(survivor), `${survivor} stopped with ${victim}`).toBe(true);
    if (survivor === 'marketplace') {
      // The README's promise: with recommendations gone, pages degrade and marketplace stays up.
      const page = await homepage();
      expect(page.status).toBe(200);
      expect(page.body).toContain('Recommendations are unavailable right now');
    }
  }, 30_000);

  it(`stops ${survivor} and everything else it started on Ctrl-C (SIGINT to the process group)`, async () => {
    const pid = run.npm.pid as number;
    expect(pidOf(survivor), `${survivor} is running`).toBeGreaterThan(0);
    process.kill(-pid, 'SIGINT');
    const code = await Promise.race([run.exited, sleep(20_000).then(() => 'still running')]);
    expect(code, 'make run after Ctrl-C').not.toBe('still running');
    await waitFor('every process of the run to end', () => descendants(pid).size === 0, 10_000);
  }, 40_000);
});

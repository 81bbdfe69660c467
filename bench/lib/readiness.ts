import fs from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { loadHealthDefinition } from '@bookstore/shared';
import type { HealthClient } from '@bookstore/testing';
import type { ServerProcess } from './processes';

/** How often readiness is polled: fine enough for a start-up time measured in hundreds of milliseconds. */
const POLL_MS = 5;

/** Fails fast, with the log's tail, when the server died instead of getting ready. */
function assertAlive(proc: ServerProcess | undefined): void {
  if (proc?.exited()) throw new Error(`${proc.name} exited before it was ready; see ${proc.logFile}`);
}

/**
 * Polls `url` until `accept` approves the response; resolves with performance.now() of that response.
 * Bounded by `timeoutMs`; the error says what the last attempt saw.
 */
export async function waitForHttp(
  url: string,
  accept: (status: number, body: string) => boolean,
  timeoutMs: number,
  proc?: ServerProcess,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  let last = 'no attempt';
  while (performance.now() < deadline) {
    assertAlive(proc);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      const body = await response.text();
      if (accept(response.status, body)) return performance.now();
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    }
    await sleep(POLL_MS);
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (last: ${last})`);
}

/**
 * A health client that reconnects every few milliseconds while the port is still closed (grpc-js waits a
 * second by default, which would swamp the start-up time being measured).
 */
function eagerHealthClient(target: string): HealthClient {
  const proto = grpc.loadPackageDefinition(loadHealthDefinition()) as unknown as {
    grpc: { health: { v1: { Health: new (...args: ConstructorParameters<typeof grpc.Client>) => HealthClient } } };
  };
  return new proto.grpc.health.v1.Health(target, grpc.credentials.createInsecure(), {
    'grpc.initial_reconnect_backoff_ms': POLL_MS,
    'grpc.max_reconnect_backoff_ms': POLL_MS * 4,
  });
}

/** Waits for the channel to connect, then one Check; resolves with the status name or what went wrong. */
function check(client: HealthClient, deadlineMs: number): Promise<string> {
  const deadline = Date.now() + deadlineMs;
  return new Promise((resolve) => {
    client.waitForReady(deadline, (connectError) => {
      if (connectError) return resolve(connectError.message);
      client.Check({ service: '' }, { deadline }, (error, response) =>
        resolve(error ? error.details || error.message : (response?.status ?? 'no response')),
      );
    });
  });
}

/** Polls gRPC health at `target` until it reports SERVING; resolves with performance.now() of that answer. */
export async function waitForServing(target: string, timeoutMs: number, proc?: ServerProcess): Promise<number> {
  const client = eagerHealthClient(target);
  const deadline = performance.now() + timeoutMs;
  let last = 'no attempt';
  try {
    while (performance.now() < deadline) {
      assertAlive(proc);
      last = await check(client, Math.max(1, Math.min(500, deadline - performance.now())));
      if (last === 'SERVING') return performance.now();
      await sleep(POLL_MS);
    }
  } finally {
    client.close();
  }
  throw new Error(`health at ${target} did not report SERVING within ${timeoutMs} ms (last: ${last})`);
}

/** One TCP connection attempt to 127.0.0.1:port; resolves true when it was accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until something listens on 127.0.0.1:port, without sending it a request (it stays idle). */
export async function waitForPort(port: number, timeoutMs: number, proc?: ServerProcess): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    assertAlive(proc);
    if (await accepts(port)) return performance.now();
    await sleep(POLL_MS);
  }
  throw new Error(`nothing listened on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

/** True when the network namespace of process `pid` has a socket listening on `port` (its /proc/<pid>/net/tcp{,6}). */
function listensInNamespace(pid: number, port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['tcp', 'tcp6'].some((file) => {
    const table = fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    // Columns: sl local_address rem_address st ...; state 0A is LISTEN.
    return table.split('\n').some((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return state === '0A' && local?.endsWith(`:${hexPort}`);
    });
  });
}

/**
 * Waits until process `pid` (a container's, as the host sees it) listens on `port`, read from /proc without
 * connecting: a published port's docker-proxy accepts before the server does, and a call would not be idle.
 */
export async function waitForListening(pid: number, port: number, timeoutMs: number): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (listensInNamespace(pid, port)) return performance.now();
    await sleep(POLL_MS);
  }
  throw new Error(`process ${pid} did not listen on port ${port} within ${timeoutMs} ms`);
}

import { setTimeout as sleep } from 'node:timers/promises';
import { captureLogger, startFakeRecommendations, startRecommendationsProcess } from '@bookstore/testing';
import { createRecommendationsApp } from '@bookstore/recommendations/app';
import type { RecommendationsApp } from '@bookstore/recommendations/app';
import { recommendationsTestConfig } from '@bookstore/testing/recommendations';
import { DEADLINE_MS } from './harness';

/** A way recommendations fails: healthy on `port` until break(), healthy again after heal(). */
export interface Fault {
  port: number;
  break(): void | Promise<void>;
  heal(): void | Promise<void>;
  /** Stops whatever the fault started, whatever state it is in. */
  dispose(): void | Promise<void>;
}

/** A stand-in that answers, then answers only after three deadlines, then answers again. */
export async function slowRecommendations(): Promise<Fault> {
  const fake = await startFakeRecommendations();
  return {
    port: fake.port,
    break: () => {
      fake.behaviour.delayMs = 3 * DEADLINE_MS;
    },
    heal: () => {
      fake.behaviour.delayMs = 0;
    },
    dispose: () => fake.kill(),
  };
}

/** The real process, frozen with SIGSTOP: connections stay open and the kernel accepts, nothing answers. */
export async function hungRecommendations(): Promise<Fault> {
  const { service, ports } = await startRecommendationsProcess();
  return {
    port: ports.grpc,
    break: () => {
      service.child.kill('SIGSTOP');
    },
    heal: () => {
      service.child.kill('SIGCONT');
    },
    dispose: () => {
      service.child.kill('SIGKILL');
    },
  };
}

/**
 * The real process, ended by `signal` mid-load (SIGKILL: a crash that resets connections; SIGTERM: a clean
 * exit that leaves a closed port refusing connections); healed by a new process on the same port.
 */
export function replacedRecommendations(signal: 'SIGKILL' | 'SIGTERM') {
  return async (): Promise<Fault> => {
    let current = await startRecommendationsProcess();
    const port = current.ports.grpc;
    return {
      port,
      break: async () => {
        current.service.child.kill(signal);
        await current.service.exited;
      },
      heal: async () => {
        current = await startRecommendationsProcess({ PORT: String(port) });
      },
      dispose: () => {
        current.service.child.kill('SIGKILL');
      },
    };
  };
}

/** The real app in this process, on a fixed port; silent and quick to stop, as it stops every second. */
async function appOn(port: number): Promise<{ app: RecommendationsApp; port: number }> {
  const app = createRecommendationsApp({
    config: recommendationsTestConfig({ port, logLevel: 'silent', shutdownGraceMs: 100 }),
    logger: captureLogger('recommendations').logger,
  });
  const ports = await app.listen();
  return { app, port: ports.grpc };
}

/** The real app going down and coming back up every second, at most 30 times, until healed. */
export async function flappingRecommendations(): Promise<Fault> {
  let current: RecommendationsApp | undefined;
  const first = await appOn(0);
  current = first.app;
  let flapping = false;
  let loop: Promise<void> = Promise.resolve();
  const up = async () => {
    current ??= (await appOn(first.port)).app;
  };
  const down = async () => {
    const app = current;
    current = undefined;
    await app?.close();
  };
  return {
    port: first.port,
    break: () => {
      flapping = true;
      loop = (async () => {
        for (let flip = 0; flapping && flip < 30; flip += 1) {
          await (flip % 2 === 0 ? down() : up());
          await sleep(1000);
        }
      })();
    },
    heal: async () => {
      flapping = false;
      await loop;
      await up();
    },
    dispose: async () => {
      flapping = false;
      await loop;
      await down();
    },
  };
}

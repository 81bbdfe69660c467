import path from 'node:path';
import { startService } from './process';
import type { ServiceProcess, StartOptions } from './process';

/** The ports recommendations logged as bound. */
export interface RecommendationsPorts {
  grpc: number;
  health: number;
  metrics: number;
}

/** The ports marketplace logged as bound. */
export interface MarketplacePorts {
  http: number;
  health: number;
  metrics: number;
}

/** A started service process and the ports it bound. */
export interface Listening<Ports> {
  service: ServiceProcess;
  ports: Ports;
}

/** Preload for `nodeArgs: ['--import', DUAL_STACK_LOCALHOST]`: `localhost` then resolves to 127.0.0.1 and ::1. */
export const DUAL_STACK_LOCALHOST = path.resolve(__dirname, 'localhost-dual-stack.ts');

/** Loopback and OS-picked ports: what every test process starts with unless `env` says otherwise. */
const LOOPBACK_ENV = { HOST: '127.0.0.1', PORT: '0', HEALTH_PORT: '0', METRICS_PORT: '0' };

/** Reads the `ports` object of a "listening" log line, failing loudly when one is missing. */
function portsOf<K extends string>(line: Record<string, unknown>, names: readonly K[]): Record<K, number> {
  const logged = (line.ports ?? {}) as Record<string, unknown>;
  const ports = {} as Record<K, number>;
  for (const name of names) {
    const port = logged[name];
    if (typeof port !== 'number') throw new Error(`listening log has no ${name} port: ${JSON.stringify(line)}`);
    ports[name] = port;
  }
  return ports;
}

/** Starts a service and waits for its listening line; a process that never gets there is killed, not leaked. */
async function startListening<K extends string>(
  name: string,
  portNames: readonly K[],
  env: Record<string, string>,
  options: StartOptions,
): Promise<Listening<Record<K, number>>> {
  const service = startService(name, { ...LOOPBACK_ENV, ...env }, options);
  try {
    const line = await service.waitForLog(`${name} listening`);
    return { service, ports: portsOf(line, portNames) };
  } catch (error) {
    service.child.kill('SIGKILL');
    throw error;
  }
}

/** Starts the real recommendations process (src/server.ts) and resolves once it listens. */
export function startRecommendationsProcess(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<Listening<RecommendationsPorts>> {
  return startListening('recommendations', ['grpc', 'health', 'metrics'], env, options);
}

/** Starts the real marketplace process (src/server.ts) and resolves once it listens. */
export function startMarketplaceProcess(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<Listening<MarketplacePorts>> {
  return startListening('marketplace', ['http', 'health', 'metrics'], env, options);
}

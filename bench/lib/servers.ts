import path from 'node:path';
import { freePort, startNode } from './processes';
import type { ServerProcess } from './processes';
import type { BenchSettings } from './settings';
import { TMP_DIR } from './settings';

/** A running recommendations (ours or the bare one) and where to reach it. */
export interface GrpcServer {
  proc: ServerProcess;
  /** host:port of the Recommend service. */
  target: string;
  /** host:port of gRPC health (ours only; the bare server has none). */
  healthTarget?: string;
  metricsUrl?: string;
}

/** A running homepage server (ours or the bare one) and where to reach it. */
export interface HttpServer {
  proc: ServerProcess;
  /** Base URL, ending without a slash. */
  url: string;
  metricsUrl?: string;
}

/** What the images set (NODE_ENV) and the services default to (LOG_LEVEL), whatever the caller's shell says. */
export const PRODUCTION_ENV = { NODE_ENV: 'production', LOG_LEVEL: 'info' };

/** Node flags of every server: --cpu-prof when profiling, each profile named after its process. */
export function nodeArgs(settings: BenchSettings, name: string): string[] {
  if (!settings.cpuProfile) return [];
  return ['--cpu-prof', '--cpu-prof-dir', path.join(TMP_DIR, 'profiles'), '--cpu-prof-name', `${name}.cpuprofile`];
}

/** The build output of one service under the settings' services root (this tree or a scratch copy). */
export function serviceEntry(settings: BenchSettings, service: 'recommendations' | 'marketplace'): string {
  return path.join(settings.servicesRoot, 'services', service, 'dist/server.js');
}

/** Starts `node services/recommendations/dist/server.js` on free loopback ports, with production defaults. */
export async function startRecommendations(settings: BenchSettings, name: string): Promise<GrpcServer> {
  const [port, healthPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const proc = startNode(
    name,
    serviceEntry(settings, 'recommendations'),
    {
      ...PRODUCTION_ENV,
      HOST: '127.0.0.1',
      PORT: String(port),
      HEALTH_PORT: String(healthPort),
      METRICS_PORT: String(metricsPort),
    },
    nodeArgs(settings, name),
  );
  return {
    proc,
    target: `127.0.0.1:${port}`,
    healthTarget: `127.0.0.1:${healthPort}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
  };
}

/** Starts `node services/marketplace/dist/server.js` on free loopback ports, calling recommendations at `target`. */
export async function startMarketplace(settings: BenchSettings, name: string, target: string): Promise<HttpServer> {
  const [port, healthPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const [host, recommendationsPort] = target.split(':') as [string, string];
  const proc = startNode(
    name,
    serviceEntry(settings, 'marketplace'),
    {
      ...PRODUCTION_ENV,
      HOST: '127.0.0.1',
      PORT: String(port),
      HEALTH_PORT: String(healthPort),
      METRICS_PORT: String(metricsPort),
      RECOMMENDATIONS_HOST: host,
      RECOMMENDATIONS_PORT: recommendationsPort,
    },
    nodeArgs(settings, name),
  );
  return { proc, url: `http://127.0.0.1:${port}`, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics` };
}

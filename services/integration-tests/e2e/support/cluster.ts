import { eventually } from '../../test/target';
import type { ClusterInfo } from './cluster-context';
import { docker } from './docker';
import { probeHealth } from './in-network';
import { getPage, isFullPage } from './pages';
import type { RunSettings } from './settings';

/** How many recommendations pods the layout runs, as the chart's replicaCount does. */
export const REPLICAS = 3;

/** Every pod-like container runs as the charts' securityContext runs the pods. */
export const POD_FLAGS = [
  '--read-only',
  '--user',
  '1000:1000',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
];

/** Names, label and images of a run, before anything exists. */
export function planCluster(settings: RunSettings): Omit<ClusterInfo, 'marketplaceUrl'> {
  const prefix = `bookstore-e2e-${settings.runId}`;
  return {
    label: `bookstore-e2e.run=${settings.runId}`,
    prefix,
    network: `${prefix}-net`,
    replicas: Array.from({ length: REPLICAS }, (_, i) => `${prefix}-recommendations-${i + 1}`),
    marketplace: `${prefix}-marketplace`,
    toolbox: `${prefix}-toolbox`,
    images: {
      recommendations: `bookstore/recommendations:${settings.imageTag}`,
      marketplace: `bookstore/marketplace:${settings.imageTag}`,
      integrationTests: `bookstore/integration-tests:${settings.imageTag}`,
    },
    deadlineMs: settings.deadlineMs,
    maxConnectionAgeMs: settings.maxConnectionAgeMs,
    graceMs: settings.graceMs,
    podFlags: POD_FLAGS,
  };
}

/** `docker run -d` of one container of the run, on its network, labelled for cleanup. */
function runDetached(plan: ReturnType<typeof planCluster>, name: string, args: string[]): Promise<string> {
  // --pull never: the images under test are the ones `make images` built here, never a registry's.
  return docker([
    'run',
    '-d',
    '--pull',
    'never',
    '--name',
    name,
    '--label',
    plan.label,
    '--network',
    plan.network,
    ...args,
  ]);
}

/** Resolves once grpc-health-probe, run inside the network, sees `addr` SERVING; rejects after `timeoutMs`. */
export function waitServing(toolbox: string, addr: string, timeoutMs = 60_000): Promise<void> {
  return eventually(async () => {
    const probe = await probeHealth(toolbox, addr);
    if (probe.code !== 0) throw new Error(`${addr} is not SERVING: ${probe.output}`);
  }, timeoutMs);
}

/**
 * Creates the cluster-shaped layout: a user-defined network, the toolbox, three recommendations replicas
 * sharing the alias `recommendations` (as a headless Service answers with one address per pod), then
 * marketplace with 8080 published on 127.0.0.1 only. Replicas are SERVING before marketplace starts, so its
 * first DNS answer already holds all three.
 */
export async function startCluster(settings: RunSettings): Promise<ClusterInfo> {
  const plan = planCluster(settings);
  await docker(['network', 'create', '--label', plan.label, plan.network]);
  await runDetached(plan, plan.toolbox, [
    ...POD_FLAGS,
    '--volume',
    `${settings.healthProbe}:/usr/local/bin/grpc-health-probe:ro`,
    plan.images.recommendations,
    'sleep',
    'infinity',
  ]);
  for (const replica of plan.replicas) {
    await runDetached(plan, replica, [
      ...POD_FLAGS,
      '--network-alias',
      'recommendations',
      '--env',
      `MAX_CONNECTION_AGE_MS=${settings.maxConnectionAgeMs}`,
      '--env',
      `SHUTDOWN_GRACE_MS=${settings.graceMs}`,
      plan.images.recommendations,
    ]);
  }
  await Promise.all(plan.replicas.map((replica) => waitServing(plan.toolbox, `${replica}:50052`)));
  await runDetached(plan, plan.marketplace, [
    ...POD_FLAGS,
    '--network-alias',
    'marketplace',
    '--publish',
    '127.0.0.1::8080',
    '--env',
    'RECOMMENDATIONS_HOST=recommendations',
    '--env',
    `RECOMMENDATIONS_DEADLINE_MS=${settings.deadlineMs}`,
    '--env',
    `SHUTDOWN_GRACE_MS=${settings.graceMs}`,
    plan.images.marketplace,
  ]);
  const published = (await docker(['port', plan.marketplace, '8080/tcp'])).split('\n')[0] ?? '';
  if (!published.startsWith('127.0.0.1:'))
    throw new Error(`marketplace's 8080 is published on "${published}", not 127.0.0.1`);
  const marketplaceUrl = `http://${published}`;
  await waitServing(plan.toolbox, `${plan.marketplace}:8081`);
  await eventually(async () => {
    const page = await getPage(`${marketplaceUrl}/`);
    if (!isFullPage(page))
      throw new Error(`homepage at ${marketplaceUrl} is not full yet: ${page.status} ${page.error ?? ''}`);
  }, 60_000);
  return { ...plan, marketplaceUrl };
}

/** The last log lines of every container of the run, to explain a failed start. */
export async function collectLogs(label: string, lines = 30): Promise<string> {
  const names = (await docker(['ps', '-a', '--filter', `label=${label}`, '--format', '{{.Names}}']))
    .split('\n')
    .filter(Boolean);
  const logs = await Promise.all(
    names.map(async (name) => `--- ${name}\n${await docker(['logs', '--tail', String(lines), name]).catch(String)}`),
  );
  return logs.join('\n');
}

/** Removes every container and network carrying the run's label, whatever state they are in; resolves with their names. */
export async function removeCluster(label: string): Promise<string[]> {
  const containers = (await docker(['ps', '-a', '--filter', `label=${label}`, '--format', '{{.Names}}']))
    .split('\n')
    .filter(Boolean);
  if (containers.length > 0) await docker(['rm', '--force', '--volumes', ...containers], 120_000);
  const networks = (await docker(['network', 'ls', '--filter', `label=${label}`, '--format', '{{.Name}}']))
    .split('\n')
    .filter(Boolean);
  if (networks.length > 0) await docker(['network', 'rm', ...networks]);
  return [...containers, ...networks];
}

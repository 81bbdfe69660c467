import { adopt, runTool } from './processes';

/**
 * Every container this run created (with the function that stops counting its process as ours) and every
 * network, removed at the end whatever happens.
 */
const created = { containers: new Map<string, () => void>(), networks: new Set<string>() };

/** Prefix of every Docker object the benchmark creates, with this run's pid so parallel runs never collide. */
export const DOCKER_PREFIX = `bookstore-bench-${process.pid}`;

/** Runs `docker args...`; rejects with docker's message when it fails, and after `timeoutMs` in any case. */
export async function docker(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const { code, stdout, stderr } = await runTool('docker', args, timeoutMs);
  if (code !== 0) throw new Error(`docker ${args.join(' ')} failed (exit ${code}): ${stderr.trim()}`);
  return stdout.trim();
}

/** True when the image is present locally (`make bench-images` builds it). */
export async function imageExists(image: string): Promise<boolean> {
  return runTool('docker', ['image', 'inspect', image], 30_000).then(({ code }) => code === 0);
}

/** Creates a user-defined network, whose embedded DNS answers an alias with every container holding it. */
export async function createNetwork(name: string): Promise<void> {
  await docker(['network', 'create', '--label', 'bookstore-bench=1', name]);
  created.networks.add(name);
}

/** What `runContainer` starts. */
export interface ContainerSpec {
  name: string;
  image: string;
  network: string;
  aliases: string[];
  env: Record<string, string>;
  /** Container ports to publish on 127.0.0.1 (random host ports; read them back with publishedPort). */
  publish: number[];
  /** Directories of the host mounted read-only, e.g. the transpiled baselines. */
  mounts?: { source: string; target: string }[];
  /** The command instead of the image's own (its CMD). */
  command?: string[];
}

/** Starts a detached container with a read-only root filesystem, as the charts run it; resolves with its host pid. */
export async function runContainer(spec: ContainerSpec): Promise<number> {
  created.containers.set(spec.name, () => undefined);
  await docker([
    'run',
    '--detach',
    '--name',
    spec.name,
    '--label',
    'bookstore-bench=1',
    '--read-only',
    '--network',
    spec.network,
    ...spec.aliases.flatMap((alias) => ['--network-alias', alias]),
    ...Object.entries(spec.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
    ...spec.publish.flatMap((port) => ['--publish', `127.0.0.1::${port}`]),
    ...(spec.mounts ?? []).flatMap(({ source, target }) => [
      '--mount',
      `type=bind,src=${source},dst=${target},readonly`,
    ]),
    spec.image,
    ...(spec.command ?? []),
  ]);
  // The container's main process, as the host sees it: its CPU time is ours, not other people's.
  const pid = Number(await docker(['inspect', '--format', '{{.State.Pid}}', spec.name]));
  created.containers.set(spec.name, adopt(pid));
  return pid;
}

/** Removes one container this run created. */
export async function removeContainer(name: string): Promise<void> {
  created.containers.get(name)?.();
  created.containers.delete(name);
  await docker(['rm', '--force', name]);
}

/** The 127.0.0.1 host port Docker published a container port on. */
export async function publishedPort(container: string, port: number): Promise<number> {
  const line = (await docker(['port', container, `${port}/tcp`])).split('\n').find((l) => l.startsWith('127.0.0.1:'));
  if (!line) throw new Error(`${container} has no port ${port} published on 127.0.0.1`);
  return Number(line.slice(line.lastIndexOf(':') + 1));
}

/** Removes every container and network this run created (the containers' logs go with them). */
export async function removeAllCreated(): Promise<void> {
  for (const forget of created.containers.values()) forget();
  if (created.containers.size > 0) await docker(['rm', '--force', ...created.containers.keys()]).catch(() => undefined);
  created.containers.clear();
  for (const network of created.networks) await docker(['network', 'rm', network]).catch(() => undefined);
  created.networks.clear();
}

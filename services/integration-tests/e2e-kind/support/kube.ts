import { execFile } from 'node:child_process';
import { KIND } from './settings';

/**
 * Runs kubectl against the kind cluster's context (never the current one) and resolves with its stdout;
 * rejects with the command and its stderr on failure, or when it outlives `timeoutMs`.
 */
export function kubectl(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const full = ['--context', KIND.context, ...args];
  return new Promise((resolve, reject) => {
    execFile('kubectl', full, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`kubectl ${full.join(' ')} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

/** `kubectl get ... -o json`, parsed. */
export async function getJson<T>(args: readonly string[]): Promise<T> {
  return JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
}

/** The parts of a Pod the suite reads. */
export interface Pod {
  metadata: { name: string; namespace: string; labels?: Record<string, string>; deletionTimestamp?: string };
  spec: { containers: { name: string; image: string; env?: { name: string; value?: string }[] }[] };
  status: {
    phase: string;
    podIP?: string;
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; ready: boolean; restartCount: number; image: string }[];
  };
}

/** Pods matching a label selector, including terminating ones (see {@link isLive}). */
export async function pods(namespace: string, selector: string): Promise<Pod[]> {
  return (await getJson<{ items: Pod[] }>(['get', 'pods', '--namespace', namespace, '--selector', selector])).items;
}

/** Running, Ready and not being deleted: a pod that serves. */
export function isLive(pod: Pod): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    pod.status.phase === 'Running' &&
    (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

/** The selector of one service's pods in a release (the charts' app.kubernetes.io labels). */
export function selectorOf(service: 'recommendations' | 'marketplace', release: string = KIND.release): string {
  return `app.kubernetes.io/name=${service},app.kubernetes.io/instance=${release}`;
}

/** Polls `probe` until it returns a value other than undefined, at most `timeoutMs`; `what` names it in the error. */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not reached within ${timeoutMs} ms${last ? ` (last error: ${last instanceof Error ? last.message : JSON.stringify(last)})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until exactly `count` pods of the selector are live and no other pod of it is left. */
export function waitForPods(namespace: string, selector: string, count: number, timeoutMs: number): Promise<Pod[]> {
  return eventually(`${count} live pods of ${selector} in ${namespace}, and no others`, timeoutMs, async () => {
    const found = await pods(namespace, selector);
    return found.length === count && found.every(isLive) ? found : undefined;
  });
}

/**
 * One pod's /metrics, read through the API server's pod proxy: no port-forward, and it reaches exactly that
 * pod, which is what per-replica figures need.
 */
export function scrapePod(pod: Pod, port: number): Promise<string> {
  return kubectl([
    'get',
    '--raw',
    `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}:${port}/proxy/metrics`,
  ]);
}

/**
 * A GET through the API server's Service proxy: the request goes to the Service, which picks a ready pod,
 * as an in-cluster client's would. For single page checks; load comes from a pod (load-pod.ts).
 */
export function getThroughService(namespace: string, service: string, portName: string, path: string): Promise<string> {
  return kubectl(['get', '--raw', `/api/v1/namespaces/${namespace}/services/${service}:${portName}/proxy${path}`]);
}

/** `kubectl apply -f -` of one object given as JSON (a test's own pods, not the bundle's manifests). */
export function applyObject(object: object, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kubectl',
      ['--context', KIND.context, 'apply', '-f', '-'],
      { timeout: timeoutMs },
      (error, stdout, stderr) =>
        error ? reject(new Error(`kubectl apply failed: ${stderr.trim() || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(JSON.stringify(object));
  });
}

/** helm, as make passes it (the pinned one in bin/), else from PATH. */
export const HELM = process.env.HELM || 'helm';

/** The computed values of a release (`helm get values --all`), against the kind cluster. */
export function releaseValues<T>(release: string, namespace: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const args = [
      'get',
      'values',
      release,
      '--all',
      '--output',
      'json',
      '--kube-context',
      KIND.context,
      '--namespace',
      namespace,
    ];
    execFile(HELM, args, { timeout: 60_000 }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`helm ${args.join(' ')} failed: ${stderr.trim() || error.message}`))
        : resolve(JSON.parse(stdout) as T),
    );
  });
}

/** The image of one of the release's charts, as the release deployed it (repository:tag). */
export async function releaseImage(
  key: 'recommendations' | 'marketplace' | 'integrationTests',
  release = KIND.release,
  namespace: string = KIND.namespace,
): Promise<string> {
  const values = await releaseValues<Record<string, { image: { repository: string; tag: string } }>>(
    release,
    namespace,
  );
  const image = values[key]?.image;
  if (!image?.tag) throw new Error(`release ${release} has no ${key}.image.tag`);
  return `${image.repository}:${image.tag}`;
}

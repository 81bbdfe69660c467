import type { LoadSummary } from '@bookstore/testing';
import { applyObject, eventually, kubectl } from './kube';
import { KIND } from './settings';

/** The summary line services/integration-tests/load/homepage-load.mts prints (its results list left out). */
export interface LoadFigures extends Omit<LoadSummary, 'results'> {
  /** Pages that showed the "unavailable" notice. */
  notices: number;
  slowest: { ms: number; status?: number; error?: string }[];
  /** The first failures, with when they started (Date.now()). */
  failedAt: { startedAt: number; ms: number; status?: number; error?: string }[];
}

/** How hard and how long the in-cluster load runs; every bound is a hard stop. */
export interface LoadPlan {
  namespace?: string;
  /** What to GET; default the marketplace Service's homepage. */
  url?: string;
  concurrency: number;
  maxSeconds: number;
  maxRequests: number;
  pauseMs: number;
}

/** A load pod running in the cluster. */
export interface LoadPod {
  readonly name: string;
  /** Tells it to stop (a file it watches), waits for it to finish, and returns its figures. */
  stop(): Promise<LoadFigures>;
  /** Waits for it to stop by itself (a bound reached) and returns its figures. */
  finished(): Promise<LoadFigures>;
  /** Deletes the pod; always safe to call. */
  remove(): Promise<void>;
}

let serial = 0;

/**
 * Starts services/integration-tests/load/homepage-load.mts in a pod of `image`, hardened like the release's
 * own pods, and resolves once it is sending requests.
 */
export async function startLoadPod(image: string, plan: LoadPlan): Promise<LoadPod> {
  const namespace = plan.namespace ?? KIND.namespace;
  serial += 1;
  const name = `e2e-kind-load-${process.pid}-${serial}`;
  const env = {
    LOAD_URL: plan.url ?? `http://${KIND.release}-marketplace:8080/`,
    LOAD_CONCURRENCY: plan.concurrency,
    LOAD_MAX_SECONDS: plan.maxSeconds,
    LOAD_MAX_REQUESTS: plan.maxRequests,
    LOAD_PAUSE_MS: plan.pauseMs,
    LOAD_STOP_FILE: '/tmp/stop',
  };
  await applyObject({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': 'e2e-kind-load' } },
    spec: {
      restartPolicy: 'Never',
      activeDeadlineSeconds: plan.maxSeconds + 120,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      containers: [
        {
          name: 'load',
          image,
          imagePullPolicy: 'IfNotPresent',
          // The shared helper it imports is ESM in a package without "type": Node says so on every start.
          command: ['node', '--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', 'load/homepage-load.mts'],
          env: Object.entries(env).map(([key, value]) => ({ name: key, value: String(value) })),
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        },
      ],
      volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '16Mi' } }],
    },
  });
  const logs = () => kubectl(['logs', name, '--namespace', namespace]);
  await eventually(`load pod ${name} sending`, 120_000, async () =>
    (await logs()).includes('LOAD-STARTED') ? true : undefined,
  );

  const figures = async (timeoutMs: number): Promise<LoadFigures> => {
    await eventually(`load pod ${name} finished`, timeoutMs, async () => {
      const phase = await kubectl(['get', 'pod', name, '--namespace', namespace, '-o', 'jsonpath={.status.phase}']);
      if (phase === 'Failed') throw new Error(`load pod ${name} failed:\n${await logs()}`);
      return phase === 'Succeeded' ? true : undefined;
    });
    const line = (await logs()).trim().split('\n').at(-1) ?? '';
    return JSON.parse(line) as LoadFigures;
  };
  return {
    name,
    async stop() {
      await kubectl([
        'exec',
        name,
        '--namespace',
        namespace,
        '--',
        'node',
        '-e',
        "require('fs').writeFileSync('/tmp/stop', '')",
      ]);
      return figures(60_000);
    },
    finished: () => figures((plan.maxSeconds + 60) * 1000),
    async remove() {
      await kubectl(['delete', 'pod', name, '--namespace', namespace, '--ignore-not-found', '--wait=false']).catch(
        () => undefined,
      );
    },
  };
}

/** One line of figures for the CI log. */
export function formatFigures(label: string, f: LoadFigures): string {
  const failures = Object.entries(f.failures)
    .map(([key, count]) => `${key}: ${count}`)
    .join(', ');
  return (
    `[e2e-kind figures] ${label}: sent=${f.sent} ok=${f.ok} failed=${f.failed}${failures ? ` (${failures})` : ''} ` +
    `degraded=${f.degraded} notices=${f.notices} p50=${f.p50Ms.toFixed(0)}ms p99=${f.p99Ms.toFixed(0)}ms worst=${f.worstMs.toFixed(0)}ms`
  );
}

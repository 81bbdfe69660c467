import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KIND, readSettings } from './support/settings';

/** The kind binary make uses: $KIND when given, else the first on PATH. */
const kindBin = () => process.env.KIND || 'kind';

/** The clusters kind knows of. */
function kindClusters(): string[] {
  return execFileSync(kindBin(), ['get', 'clusters'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    .split('\n')
    .filter(Boolean);
}

/**
 * Global setup: the run gets a kubeconfig of its own (exported to every command the suite runs), and refuses
 * to start when a kind cluster of the suite's name already exists, since it would delete it at the end.
 * Teardown deletes the cluster whatever the outcome; E2E_KIND_KEEP=1 leaves it for debugging.
 */
export default function setup(): () => void {
  const settings = readSettings();
  for (const tool of [kindBin(), 'kubectl', 'docker', process.env.SKAFFOLD || 'skaffold', process.env.HELM || 'helm']) {
    try {
      execFileSync('bash', ['-c', `command -v "${tool}"`], { stdio: 'ignore' });
    } catch {
      throw new Error(
        `e2e-kind needs ${tool} on PATH (make e2e-kind installs helm; bring kind, kubectl, docker and skaffold)`,
      );
    }
  }
  if (kindClusters().includes(KIND.cluster)) {
    throw new Error(
      `a kind cluster named "${KIND.cluster}" exists already; the suite creates and deletes its own. ` +
        `Delete it first (make kind-down), or run the suite on another machine.`,
    );
  }
  rmSync(settings.logDir, { recursive: true, force: true });
  const ownDir = settings.kubeconfig ? undefined : mkdtempSync(path.join(tmpdir(), 'e2e-kind-'));
  const kubeconfig = settings.kubeconfig || path.join(ownDir ?? '', 'kubeconfig');
  // The commands run as from a user's shell, not as sub-makes of `make e2e-kind`: no inherited make state
  // (it would print "Entering directory" lines), and no NODE_VERSION (make exports it; skaffold must find
  // it in skaffold.env by itself, as it does for a user).
  for (const name of ['MAKEFLAGS', 'MFLAGS', 'MAKELEVEL', 'MAKEOVERRIDES', 'NODE_VERSION']) delete process.env[name];
  // Every command of the run, and the test workers, inherit it: kind writes the context there.
  process.env.KUBECONFIG = kubeconfig;
  process.env.E2E_KIND_KUBECONFIG = kubeconfig;
  console.log(`[e2e-kind] kubeconfig ${kubeconfig}; command logs in ${path.relative(process.cwd(), settings.logDir)}/`);
  return () => {
    if (settings.keep) {
      console.log(
        `[e2e-kind] E2E_KIND_KEEP=1: left kind cluster ${KIND.cluster} up (KUBECONFIG=${kubeconfig}); remove it with: make kind-down`,
      );
      return;
    }
    if (kindClusters().includes(KIND.cluster)) {
      console.log(`[e2e-kind] deleting kind cluster ${KIND.cluster} (the run did not delete it itself)`);
      execFileSync(kindBin(), ['delete', 'cluster', '--name', KIND.cluster], { stdio: 'inherit', timeout: 180_000 });
    }
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  };
}

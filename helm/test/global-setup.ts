import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { helmBin, repoRoot } from './helm';

// Build the charts' file:// dependencies once (the same step as `make helm-deps`), so a bare
// `npx vitest run --config helm/vitest.config.mjs` renders up-to-date subcharts.
export default function setup(): void {
  execFileSync(path.join(repoRoot, 'scripts/k8s-lint.sh'), ['deps'], {
    cwd: repoRoot,
    // Under make, HELM_DEPS_DONE=1 (helm-deps ran first) turns this into a no-op.
    env: { ...process.env, HELM: helmBin() },
    stdio: 'inherit',
  });
}

// The host-side end-to-end suite (make e2e): one cluster-shaped Docker layout per run, built by the global
// setup, exercised from the host over 127.0.0.1 and from inside its network. Not part of `npm test`.
// Run from the repository root (scripts/e2e-run.sh does): see ../host-suite-config.ts.
import { hostSuiteConfig } from '../host-suite-config';

const E2E_DIR = 'services/integration-tests/e2e';

export default hostSuiteConfig({
  include: [`${E2E_DIR}/**/*.test.ts`],
  globalSetup: `${E2E_DIR}/cluster-setup.ts`,
  // The files share one cluster and some stop its replicas: they must run one at a time.
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 120_000,
});

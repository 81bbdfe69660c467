// The kind end-to-end suite (make e2e-kind): the documented kind, Helm and Skaffold commands, run exactly
// as written against a real kind cluster the run creates and deletes. Not part of `npm test`.
// Run from the repository root (make e2e-kind does): see ../host-suite-config.ts.
import { hostSuiteConfig } from '../host-suite-config';

const DIR = 'services/integration-tests/e2e-kind';

export default hostSuiteConfig({
  // One file: its steps share one cluster and run in the order the issue lists them.
  include: [`${DIR}/kind.test.ts`],
  globalSetup: `${DIR}/global-setup.ts`,
  // Image builds and rollouts are slow on a small machine; each command has its own, tighter bound.
  testTimeout: 900_000,
  hookTimeout: 300_000,
});

// The kind end-to-end suite: each step runs the documented commands exactly as written, in the order a
// new user meets them, against the cluster step 1 creates (make e2e-kind; see vitest.config.ts).
import { describe } from 'vitest';
import { skipAfterBrokenStep } from './support/steps';
import { deployKind } from './steps/deploy-kind';
import { documentedCommandsStep } from './steps/documented-commands';
import { helmReadme } from './steps/helm-readme';
import { helmTest } from './steps/helm-test';
import { kindUp } from './steps/kind-up';
import { loadSpread } from './steps/load-spread';
import { outage } from './steps/outage';
import { portForward } from './steps/port-forward';
import { rendered } from './steps/rendered';
import { rollingRestart } from './steps/rolling-restart';
import { skaffold } from './steps/skaffold';
import { staging } from './steps/staging';
import { stagingServerSide } from './steps/staging-server-side';
import { teardown } from './steps/teardown';
import { testCluster } from './steps/test-cluster';

skipAfterBrokenStep();

describe.sequential('the bundle on a real kind cluster', () => {
  kindUp();
  deployKind();
  portForward();
  helmTest();
  testCluster();
  rollingRestart();
  loadSpread();
  outage();
  staging();
  stagingServerSide();
  rendered();
  helmReadme();
  skaffold();
  teardown();
  documentedCommandsStep();
});

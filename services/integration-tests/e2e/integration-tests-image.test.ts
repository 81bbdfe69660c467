import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cluster } from './support/cluster-context';
import { dockerResult } from './support/docker';
import { ensureHealthy } from './support/replicas';

const info = cluster();

describe(`image ${info.images.integrationTests} run on the cluster network`, () => {
  beforeAll(() => ensureHealthy(info));

  it('passes against marketplace and recommendations by their DNS names (exit 0)', async () => {
    const started = performance.now();
    const run = await dockerResult(
      [
        'run',
        '--rm',
        '--pull',
        'never',
        '--name',
        `${info.prefix}-integration-tests`,
        '--label',
        info.label,
        '--network',
        info.network,
        ...info.podFlags,
        '--tmpfs',
        '/tmp',
        '--env',
        'MARKETPLACE_URL=http://marketplace:8080',
        '--env',
        'RECOMMENDATIONS_TARGET=recommendations:50051',
        info.images.integrationTests,
      ],
      180_000,
    );
    const summary = stripVTControlCharacters(run.stdout)
      .split('\n')
      .filter((line) => /^\s*(Test Files|Tests)\s/.test(line))
      .map((line) => line.trim());
    console.log(
      `[e2e figures] integration-tests image: exit ${run.code} after ${Math.round(performance.now() - started)} ms; ${summary.join('; ')}`,
    );
    const output = stripVTControlCharacters(`${run.stdout}\n${run.stderr}`).split('\n').slice(-40).join('\n');
    expect(run.code, `the integration-tests container exited ${run.code}; its output ends:\n${output}`).toBe(0);
  });
});

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

/** Suites that load the machine on purpose, by where they live. */
const LOADING = [/\/marketplace\/test\/reliability\//, /\/test\/security\//, /\/test\/make-run\.test\.ts$/];

/** A project of the root config, as the suite declares it. */
interface Project {
  test: { name: string; fileParallelism?: boolean; sequence?: { groupOrder?: number } };
}

/** Which project vitest itself puts each test file in, as `vitest list` reports it. */
async function projectOfEachFile(): Promise<Map<string, string>> {
  const { stdout } = await run('npx', ['--no-install', 'vitest', 'list', '--filesOnly', '--json'], {
    cwd: ROOT,
    timeout: 60_000,
  });
  const files = JSON.parse(stdout) as { file: string; projectName: string }[];
  return new Map(files.map(({ file, projectName }) => [path.relative(ROOT, file), projectName]));
}

describe('the root vitest config', () => {
  it('puts every suite that loads the machine in the load project and every other one in integration', async () => {
    const files = await projectOfEachFile();
    expect(files.size).toBeGreaterThan(20);
    const misplaced = [...files].filter(
      ([file, project]) => project !== (LOADING.some((re) => re.test(`/${file}`)) ? 'load' : 'integration'),
    );
    expect(misplaced).toEqual([]);
    expect([...files.values()].filter((project) => project === 'load').length).toBeGreaterThanOrEqual(6);
  }, 60_000);

  it('runs the load project after integration, one file at a time', async () => {
    const { default: config } = (await import(path.join(ROOT, 'vitest.config.mts'))) as {
      default: { test?: { projects?: Project[] } };
    };
    const projects = new Map((config.test?.projects ?? []).map((project) => [project.test.name, project.test]));
    const integration = projects.get('integration');
    const load = projects.get('load');
    expect(load?.fileParallelism).toBe(false);
    expect(load?.sequence?.groupOrder).toBeGreaterThan(integration?.sequence?.groupOrder ?? Infinity);
  });
});

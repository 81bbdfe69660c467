import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeCommands, startRecommendationsProcess, toolPath } from '@bookstore/testing';
import type { Listening, RecommendationsPorts } from '@bookstore/testing';

const run = promisify(execFile);

/** The address the README's commands dial; the test swaps in the port the process bound. */
const README_TARGET = 'localhost:50051';

let recommendations: Listening<RecommendationsPorts>;
let grpcurlDir: string;

beforeAll(async () => {
  grpcurlDir = path.dirname(toolPath('grpcurl'));
  recommendations = await startRecommendationsProcess();
});

afterAll(() => {
  recommendations?.service.child.kill('SIGKILL');
});

/** Runs one README command as written, against the test's process, with the pinned grpcurl first on PATH. */
async function runAsWritten(command: string): Promise<string> {
  expect(command, 'README commands dial localhost:50051').toContain(README_TARGET);
  const line = command.replaceAll(README_TARGET, `localhost:${recommendations.ports.grpc}`);
  try {
    const { stdout } = await run('bash', ['-c', line], {
      env: { ...process.env, PATH: `${grpcurlDir}${path.delimiter}${process.env.PATH ?? ''}` },
      timeout: 20_000,
    });
    return stdout;
  } catch (error) {
    const failed = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`\`${command}\` failed: ${failed.stderr || failed.stdout || failed.message}`);
  }
}

/** The README's grpcurl command whose arguments end with `ending`; the README must show it. */
function readmeCommand(ending: RegExp): string {
  const command = readmeCommands('grpcurl').find((line) => ending.test(line));
  if (!command) throw new Error(`README.md shows no grpcurl command matching ${ending}`);
  return command;
}

describe('reflection, through the pinned grpcurl exactly as the README shows', () => {
  it('lists both services by their full names, with no leading dot', async () => {
    const services = (await runAsWritten(readmeCommand(/ list$/))).trim().split('\n');
    expect(services).toEqual(expect.arrayContaining(['Recommendations', 'grpc.health.v1.Health']));
    expect(services.filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('describes both services and their methods', async () => {
    const described = await runAsWritten(readmeCommand(/ describe$/));
    expect(described).toContain('Recommendations is a service:');
    expect(described).toMatch(/rpc Recommend \( \.RecommendationRequest \) returns \( \.RecommendationResponse \);/);
    expect(described).toContain('grpc.health.v1.Health is a service:');
    expect(described).toMatch(
      /rpc List \( \.grpc\.health\.v1\.HealthListRequest \) returns \( \.grpc\.health\.v1\.HealthListResponse \);/,
    );
  });

  it('calls Recommendations/Recommend with the README request', async () => {
    const response = JSON.parse(await runAsWritten(readmeCommand(/ Recommendations\/Recommend$/))) as {
      recommendations: { id: number; title: string }[];
    };
    expect(response.recommendations).toHaveLength(2);
    for (const book of response.recommendations) expect([4, 5, 6]).toContain(book.id);
  });

  it('calls grpc.health.v1.Health/Check, whose descriptor (a map field included) is valid', async () => {
    expect(JSON.parse(await runAsWritten(readmeCommand(/ grpc\.health\.v1\.Health\/Check$/)))).toEqual({
      status: 'SERVING',
    });
  });
});

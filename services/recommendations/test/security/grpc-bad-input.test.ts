import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkHealth,
  grpcFrame,
  healthClient,
  rawClient,
  rawHttp2,
  rawUnary,
  recommend,
  recommendationsClient,
  sampleValue,
  scrape,
  startRecommendationsProcess,
} from '@bookstore/testing';
import type { Listening, RecommendationsPorts } from '@bookstore/testing';
import { buildCorpus, encodeRequest, expectedFor } from './grpc-fuzz-cases';

/** The contract's default receive limit (docs/CONTRACT.md); the process runs with it unset. */
const MAX_RECEIVE_BYTES = 16_384;
/** Fixed, so a failure replays; FUZZ_SEED explores other corners. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_125);
const RANDOM_CASES = 400;
const RECOMMEND = '/Recommendations/Recommend';

let recommendations: Listening<RecommendationsPorts>;
let client: grpc.Client;
/** Per kind, per status name: how many inputs got that answer; printed at the end. */
const tally = new Map<string, Map<string, number>>();
/** Recommend calls the application itself answered, by status name, to compare with the server's metrics. */
const answered = new Map<string, number>();

/** Counts one answered input under its kind and status. */
function count(kind: string, outcome: string): void {
  const byOutcome = tally.get(kind) ?? new Map<string, number>();
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  tally.set(kind, byOutcome);
}

/** The process is alive, healthy and still answers a valid call: bad input broke nothing. */
async function expectStillServing(): Promise<void> {
  expect(recommendations.service.child.exitCode, 'the recommendations process exited').toBeNull();
  const health = healthClient(`127.0.0.1:${recommendations.ports.health}`);
  try {
    expect(await checkHealth(health, 'Recommendations')).toBe('SERVING');
  } finally {
    health.close();
  }
  const typed = recommendationsClient(`127.0.0.1:${recommendations.ports.grpc}`);
  try {
    const response = await recommend(typed, { user_id: 1, category: 'MYSTERY', max_results: 2 });
    expect(response.recommendations).toHaveLength(2);
  } finally {
    typed.close();
  }
}

beforeAll(async () => {
  recommendations = await startRecommendationsProcess();
  client = rawClient(`127.0.0.1:${recommendations.ports.grpc}`);
});

afterAll(() => {
  client?.close();
  const lines = [...tally].map(
    ([kind, byOutcome]) =>
      `  ${kind}: ${[...byOutcome.values()].reduce((a, b) => a + b, 0)} (${[...byOutcome].map(([o, n]) => `${o} ${n}`).join(', ')})`,
  );
  console.log(`gRPC bad input tried (seed ${SEED}):\n${lines.join('\n')}`);
  recommendations?.service.child.kill('SIGKILL');
});

describe('Recommend under fuzzed messages', () => {
  it('answers every message with the status its decoded content calls for', async () => {
    const corpus = buildCorpus(SEED, RANDOM_CASES, MAX_RECEIVE_BYTES);
    const mismatches: string[] = [];
    for (const [index, { kind, bytes }] of corpus.entries()) {
      const expected = expectedFor(bytes, MAX_RECEIVE_BYTES);
      const outcome = await rawUnary(client, RECOMMEND, bytes);
      count(kind, grpc.status[outcome.code]);
      answered.set(grpc.status[outcome.code], (answered.get(grpc.status[outcome.code]) ?? 0) + 1);
      const books = outcome.response ? (outcome.response.length === 0 ? 0 : countBooks(outcome.response)) : undefined;
      if (outcome.code !== expected.code || (expected.books !== undefined && books !== expected.books)) {
        mismatches.push(
          `${kind} #${index} (${bytes.length} B, ${bytes.subarray(0, 24).toString('hex')}): expected ` +
            `${grpc.status[expected.code]}${expected.books === undefined ? '' : ` with ${expected.books} books`}, got ` +
            `${grpc.status[outcome.code]}${books === undefined ? '' : ` with ${books} books`} "${outcome.details}"`,
        );
      }
    }
    expect(
      mismatches,
      `${mismatches.length} of ${corpus.length} inputs got the wrong answer:\n${mismatches.slice(0, 10).join('\n')}`,
    ).toEqual([]);
    await expectStillServing();
  });

  it('answers an undecodable message with INTERNAL that leaks no parser internals', async () => {
    const outcome = await rawUnary(client, RECOMMEND, Buffer.from([0xff]));
    expect(grpc.status[outcome.code]).toBe('INTERNAL');
    expect(outcome.details, 'grpc-js only adds parser details with GRPC_NODE_DEBUG_SEND_ERROR_DETAILS').toBe(
      'Error deserializing request',
    );
  });
});

describe('gRPC port under malformed HTTP/2 requests', () => {
  const valid = encodeRequest({ user_id: 1, category: 'MYSTERY', max_results: 1 });
  const grpcHeaders = { ':path': RECOMMEND, 'content-type': 'application/grpc', te: 'trailers' };

  it.each(['application/json', 'text/plain', 'application/x-protobuf', 'text/html; charset=utf-8', undefined])(
    'answers content type %s with HTTP 415 and no call',
    async (contentType) => {
      const headers = { ...grpcHeaders, 'content-type': contentType };
      const outcome = await rawHttp2(recommendations.ports.grpc, headers, grpcFrame(valid));
      count('wrong content type', `HTTP ${outcome.httpStatus}`);
      expect(outcome, `content type ${String(contentType)}`).toEqual({ httpStatus: 415, grpcStatus: undefined });
    },
  );

  it.each([
    ['a length prefix claiming 4 GiB', grpcFrame(valid, 0xffffffff), grpc.status.RESOURCE_EXHAUSTED],
    [
      'a length prefix one byte over the limit',
      grpcFrame(valid, MAX_RECEIVE_BYTES + 1),
      grpc.status.RESOURCE_EXHAUSTED,
    ],
    ['no request message', Buffer.alloc(0), grpc.status.UNIMPLEMENTED],
    ['two request messages', Buffer.concat([grpcFrame(valid), grpcFrame(valid)]), grpc.status.UNIMPLEMENTED],
  ])('answers %s with its gRPC status', async (_name, body, code) => {
    const outcome = await rawHttp2(recommendations.ports.grpc, grpcHeaders, body);
    count('framing abuse', grpc.status[outcome.grpcStatus ?? -1] ?? 'none');
    expect(outcome.httpStatus).toBe(200);
    expect(grpc.status[outcome.grpcStatus ?? -1]).toBe(grpc.status[code]);
  });

  it('answers a message compressed with an unsupported encoding with UNIMPLEMENTED', async () => {
    const compressed = grpcFrame(valid);
    compressed.writeUInt8(1, 0);
    const outcome = await rawHttp2(
      recommendations.ports.grpc,
      { ...grpcHeaders, 'grpc-encoding': 'snappy' },
      compressed,
    );
    count('framing abuse', grpc.status[outcome.grpcStatus ?? -1] ?? 'none');
    expect(grpc.status[outcome.grpcStatus ?? -1]).toBe('UNIMPLEMENTED');
  });

  it.each(['/Recommendations/Nope', '/Nope/Recommend', '/', '/recommendations/recommend'])(
    'answers unknown method %s with UNIMPLEMENTED',
    async (path) => {
      const outcome = await rawUnary(client, path, valid);
      count('unknown method', grpc.status[outcome.code]);
      expect(grpc.status[outcome.code]).toBe('UNIMPLEMENTED');
    },
  );
});

describe('recommendations after the bad input', () => {
  it('is still up, finished every call it started, logged no error, and exits 0 on SIGTERM', async () => {
    await expectStillServing();
    const text = await scrape(recommendations.ports.metrics);
    const labels = { grpc_service: 'Recommendations', grpc_method: 'Recommend' };
    const started = sampleValue(text, 'grpc_server_started_total', labels) ?? 0;
    const handled = text
      .split('\n')
      .filter((line) => line.startsWith('grpc_server_handled_total{') && line.includes('grpc_method="Recommend"'))
      .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    expect(started, 'Recommend calls the server saw').toBeGreaterThan(RANDOM_CASES);
    expect(handled, 'every started call must have ended: none stuck, none lost').toBe(started);
    for (const code of ['NOT_FOUND', 'INVALID_ARGUMENT']) {
      expect(
        sampleValue(text, 'grpc_server_handled_total', { ...labels, grpc_code: code }),
        `calls answered ${code}`,
      ).toBe(answered.get(code) ?? 0);
    }
    const errors = recommendations.service.logs().filter((line) => line.level === 'error' || line.level === 'fatal');
    expect(errors, 'no input may reach the unexpected-error path').toEqual([]);
    recommendations.service.child.kill('SIGTERM');
    expect(await recommendations.service.exited).toBe(0);
  });
});

/** Counts the BookRecommendation entries (field 1, length-delimited) of a raw RecommendationResponse. */
function countBooks(response: Buffer): number {
  let books = 0;
  for (let offset = 0; offset < response.length;) {
    const tag = response[offset] ?? 0;
    const length = response[offset + 1] ?? 0;
    if (tag !== 0x0a || length >= 0x80) throw new Error(`unexpected response bytes ${response.toString('hex')}`);
    books += 1;
    offset += 2 + length;
  }
  return books;
}

import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  checkHealth,
  healthClient,
  listHealth,
  recommend,
  recommendationsClient,
  sampleValue,
  scrape,
  promtoolCheckMetrics,
  sendOneHugeHeader,
  toolPath,
} from '@bookstore/testing';
import { closeWhenFinished } from '@bookstore/testing/fixtures';
import { buildRecommendations, recommendationsTestConfig as testConfig } from '@bookstore/testing/recommendations';
import type { RecommendationsDeps } from '../src/app';
import type { RecommendFn } from '../src/grpc/recommend-handler';

/** Builds the real app on loopback port 0 with a client of its gRPC port; both are closed when the test finishes. */
async function start(deps: Partial<RecommendationsDeps> = {}) {
  const built = await buildRecommendations(deps);
  const client = closeWhenFinished(recommendationsClient(`127.0.0.1:${built.ports.grpc}`));
  return { ...built, client };
}

/** Expects a call to fail with `code`, returning the error for further checks. */
async function expectStatus(call: Promise<unknown>, code: grpc.status): Promise<grpc.ServiceError> {
  const error = (await call.then(
    () => {
      throw new Error(`expected status ${grpc.status[code]}, got a response`);
    },
    (e: unknown) => e,
  )) as grpc.ServiceError;
  expect(grpc.status[error.code]).toBe(grpc.status[code]);
  return error;
}

describe('Recommend RPC', () => {
  it('returns one book of the category for max_results=1 (the original test)', async () => {
    const { client } = await start();
    const response = await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    expect(response.recommendations).toHaveLength(1);
    expect([1, 2, 3]).toContain(response.recommendations[0]?.id);
  });

  it('caps max_results larger than the catalogue at the books in the category', async () => {
    const { client } = await start();
    const response = await recommend(client, { user_id: 1, category: 'SELF_HELP', max_results: 2_000_000_000 });
    expect(response.recommendations.map((b) => b.id).sort()).toEqual([7, 8, 9]);
  });

  it('answers an unknown category with NOT_FOUND "Category not found"', async () => {
    const { client } = await start();
    const error = await expectStatus(
      recommend(client, { user_id: 1, category: 42 as unknown as 'MYSTERY', max_results: 1 }),
      grpc.status.NOT_FOUND,
    );
    expect(error.details).toBe('Category not found');
  });

  it('answers a negative max_results with INVALID_ARGUMENT naming the field', async () => {
    const { client } = await start();
    const error = await expectStatus(
      recommend(client, { user_id: 1, category: 'MYSTERY', max_results: -5 }),
      grpc.status.INVALID_ARGUMENT,
    );
    expect(error.details).toMatch(/max_results/);
  });

  it('answers an unexpected exception with INTERNAL, leaks nothing, logs it once and keeps serving', async () => {
    let fail = true;
    const flaky: RecommendFn = () => {
      if (fail) throw new Error('database password is hunter2');
      return [{ id: 1, category: 'MYSTERY', title: 'The Maltese Falcon' }];
    };
    const { client, lines } = await start({ recommend: flaky });
    const error = await expectStatus(
      recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 }),
      grpc.status.INTERNAL,
    );
    expect(error.details).toBe('Internal error');
    expect(error.message).not.toMatch(/hunter2/);
    const logged = lines().filter((line) => JSON.stringify(line).includes('hunter2'));
    expect(logged).toHaveLength(1);
    fail = false;
    const response = await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    expect(response.recommendations).toHaveLength(1);
  });

  it('rejects a message over the receive limit with RESOURCE_EXHAUSTED and keeps serving', async () => {
    const { ports, client } = await start({ config: testConfig({ maxReceiveMessageBytes: 64 }) });
    const raw = closeWhenFinished(new grpc.Client(`127.0.0.1:${ports.grpc}`, grpc.credentials.createInsecure()));
    const oversized = new Promise((resolve, reject) =>
      raw.makeUnaryRequest(
        '/Recommendations/Recommend',
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        Buffer.alloc(1000, 0x08),
        (error, value) => (error ? reject(error) : resolve(value)),
      ),
    );
    await expectStatus(oversized, grpc.status.RESOURCE_EXHAUSTED);
    const response = await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    expect(response.recommendations).toHaveLength(1);
  });
});

describe('request metadata', () => {
  /** A Recommend call carrying `metadata`, with a deadline so a server that never answers fails the test. */
  const callWith = (client: ReturnType<typeof recommendationsClient>, metadata: grpc.Metadata) =>
    new Promise((resolve, reject) =>
      client.Recommend(
        { user_id: 1, category: 'MYSTERY', max_results: 1 },
        metadata,
        { deadline: Date.now() + 5000 },
        (error, response) => (error ? reject(error) : resolve(response)),
      ),
    );
  const metadataOf = (sizes: number[]) => {
    const metadata = new grpc.Metadata();
    sizes.forEach((size, i) => metadata.set(`x-big-${i}`, 'a'.repeat(size)));
    return metadata;
  };

  it.each([
    ['one value of 9 KB', [9000]],
    ['one value of 60 KB', [60_000]],
    ['three values of 30 KB', [30_000, 30_000, 30_000]],
  ])(
    'answers %s, over MAX_METADATA_BYTES, with RESOURCE_EXHAUSTED at once, and keeps serving',
    async (_label, sizes) => {
      const { client } = await start({
        config: testConfig({ connections: { ...testConfig().connections, maxMetadataBytes: 8192 } }),
      });
      const error = await expectStatus(callWith(client, metadataOf(sizes)), grpc.status.RESOURCE_EXHAUSTED);
      expect(error.details).toMatch(/metadata .* over the limit of 8192 bytes/);
      await expect(callWith(client, metadataOf([100]))).resolves.toMatchObject({ recommendations: [{}] });
    },
  );

  it('counts a refused call in the server metrics, as handled with RESOURCE_EXHAUSTED', async () => {
    const { client, ports } = await start();
    await expectStatus(callWith(client, metadataOf([9000])), grpc.status.RESOURCE_EXHAUSTED);
    const labels = { grpc_service: 'Recommendations', grpc_method: 'Recommend' };
    const text = await scrape(ports.metrics);
    expect(sampleValue(text, 'grpc_server_started_total', labels)).toBe(1);
    expect(sampleValue(text, 'grpc_server_handled_total', { ...labels, grpc_code: 'RESOURCE_EXHAUSTED' })).toBe(1);
  });

  it('accepts metadata within MAX_METADATA_BYTES', async () => {
    const { client } = await start({
      config: testConfig({ connections: { ...testConfig().connections, maxMetadataBytes: 8192 } }),
    });
    await expect(callWith(client, metadataOf([4000, 3000]))).resolves.toMatchObject({ recommendations: [{}] });
  });

  it('closes a connection whose header is over what HPACK decodes (64 KiB), by the idle timeout at the latest', async () => {
    const idleTimeoutMs = 1000;
    const { ports, client } = await start({
      config: testConfig({ connections: { ...testConfig().connections, idleTimeoutMs } }),
    });
    // Node 24 closes it at once; Node 20 leaves it open after its GOAWAY (nodejs/node#41582), until the idle timeout.
    const openFor = await sendOneHugeHeader(ports.grpc, '/Recommendations/Recommend', 70_000, idleTimeoutMs + 5000);
    expect(openFor, 'the connection was still open after the idle timeout and 5 s more').toBeGreaterThanOrEqual(0);
    await expect(callWith(client, metadataOf([100]))).resolves.toMatchObject({ recommendations: [{}] });
  });
});

describe('gRPC health', () => {
  it('reports SERVING for "" and Recommendations on the main and the health-only port', async () => {
    const { ports } = await start();
    for (const port of [ports.grpc, ports.health]) {
      const health = closeWhenFinished(healthClient(`127.0.0.1:${port}`));
      expect(await checkHealth(health, '')).toBe('SERVING');
      expect(await checkHealth(health, 'Recommendations')).toBe('SERVING');
      expect(await listHealth(health)).toEqual({ '': 'SERVING', Recommendations: 'SERVING' });
    }
  });

  it('answers Check for an unknown service with NOT_FOUND', async () => {
    const { ports } = await start();
    const health = closeWhenFinished(healthClient(`127.0.0.1:${ports.health}`));
    await expectStatus(checkHealth(health, 'Nope'), grpc.status.NOT_FOUND);
  });

  it('turns NOT_SERVING for Watch and Check the moment shutdown begins', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: RecommendFn = async () => {
      await held;
      return [];
    };
    const { ports, client, close } = await start({ recommend: slow });
    const health = closeWhenFinished(healthClient(`127.0.0.1:${ports.health}`));
    const watch = health.Watch({ service: 'Recommendations' });
    const seen: string[] = [];
    watch.on('data', (message: { status: string }) => seen.push(message.status));
    watch.on('error', () => {});
    onTestFinished(() => watch.cancel());

    // A call in flight keeps the server draining, so health can be observed while shutdown is under way.
    const inFlight = recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    await sleep(100);
    const closing = close();
    await sleep(100);
    expect(await checkHealth(health, 'Recommendations')).toBe('NOT_SERVING');
    expect(await checkHealth(health, '')).toBe('NOT_SERVING');
    release();
    await inFlight;
    await closing;
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
  });
});

describe('graceful shutdown', () => {
  it('ends open health Watch streams after NOT_SERVING, so a watcher does not hold the drain', async () => {
    const { app, ports } = await start({ config: testConfig({ shutdownGraceMs: 5000 }) });
    const health = closeWhenFinished(healthClient(`127.0.0.1:${ports.grpc}`));
    const seen: string[] = [];
    const watch = health.Watch({ service: '' });
    watch.on('data', (message: { status: string }) => seen.push(message.status));
    const ended = new Promise<grpc.ServiceError>((resolve) => watch.on('error', resolve));
    await sleep(100);
    const started = Date.now();
    await app.close();
    expect(Date.now() - started, 'the drain waited for the watcher').toBeLessThan(1000);
    expect((await ended).code).toBe(grpc.status.UNAVAILABLE);
    expect(seen).toEqual(['SERVING', 'NOT_SERVING']);
  });

  it('lets a call in flight finish and refuses new ones', async () => {
    const slow: RecommendFn = async () => {
      await sleep(400);
      return [{ id: 2, category: 'MYSTERY', title: 'Murder on the Orient Express' }];
    };
    const { client, close } = await start({ recommend: slow });
    const inFlight = recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    await sleep(100);
    const closing = close();
    await expect(inFlight).resolves.toMatchObject({ recommendations: [{ id: 2 }] });
    await closing;
    await expectStatus(
      recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 }, 1000),
      grpc.status.UNAVAILABLE,
    );
  });

  it('cancels calls still running when the grace period ends', async () => {
    const stuck: RecommendFn = () => new Promise(() => {});
    const { app, ports } = await start({ recommend: stuck, config: testConfig({ shutdownGraceMs: 300 }) });
    const client = closeWhenFinished(recommendationsClient(`127.0.0.1:${ports.grpc}`));
    const inFlight = recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 }, 10_000);
    await sleep(100);
    const started = Date.now();
    await app.close();
    expect(Date.now() - started).toBeLessThan(2000);
    // A forced shutdown resets the stream, which the client sees as CANCELLED.
    await expectStatus(inFlight, grpc.status.CANCELLED);
  });
});

describe('metrics endpoint', () => {
  it('exposes process metrics and the grpc-ecosystem server metrics with their labels', async () => {
    const { ports, client } = await start();
    await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    await recommend(client, { user_id: 1, category: 9 as unknown as 'MYSTERY', max_results: 1 }).catch(() => {});
    const text = await scrape(ports.metrics);
    const labels = { grpc_type: 'unary', grpc_service: 'Recommendations', grpc_method: 'Recommend' };
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    expect(sampleValue(text, 'grpc_server_started_total', labels)).toBe(2);
    expect(sampleValue(text, 'grpc_server_handled_total', { ...labels, grpc_code: 'OK' })).toBe(1);
    expect(sampleValue(text, 'grpc_server_handled_total', { ...labels, grpc_code: 'NOT_FOUND' })).toBe(1);
    expect(sampleValue(text, 'grpc_server_handling_seconds_count', labels)).toBe(2);
    expect(text).toMatch(/^grpc_server_handling_seconds_bucket\{le="0.005",/m);
  });

  it('answers other paths with 404', async () => {
    const { ports } = await start();
    expect((await fetch(`http://127.0.0.1:${ports.metrics}/`)).status).toBe(404);
  });

  it("passes promtool check metrics, Prometheus' linter, with every metric family present", async () => {
    const promtool = toolPath('promtool');
    const { ports, client } = await start();
    await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    const verdict = await promtoolCheckMetrics(promtool, await scrape(ports.metrics));
    expect(verdict, verdict.findings).toEqual({ code: 0, findings: '' });
  });
});

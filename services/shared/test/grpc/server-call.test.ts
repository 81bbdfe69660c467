import * as grpc from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rawClient, rawUnary, sampleValue } from '@bookstore/testing';
import { closeWhenFinished } from '@bookstore/testing/fixtures';
import { bindServer, serverCallInterceptor } from '@bookstore/shared';

const PATH = '/test.Echo/Echo';
const bytes = (value: Buffer) => value;

/** One unary method with raw byte messages: the layer only sees calls, not their types. */
const ECHO: grpc.ServiceDefinition = {
  Echo: {
    path: PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: bytes,
    requestDeserialize: bytes,
    responseSerialize: bytes,
    responseDeserialize: bytes,
  },
};
const LABELS = { grpc_type: 'unary', grpc_service: 'test.Echo', grpc_method: 'Echo' };
const REQUEST = Buffer.from('ping');

/** A server on port 0 whose Echo answers its request, or never when `hang`; `handled` counts what reached it. */
async function start(options: { maxMetadataBytes: number; registry?: Registry; hang?: boolean }) {
  const handled: string[] = [];
  const server = new grpc.Server({ interceptors: [serverCallInterceptor(options)] });
  onTestFinished(() => server.forceShutdown());
  server.addService(ECHO, {
    Echo: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      handled.push(call.request.toString());
      if (!options.hang) callback(null, call.request);
    },
  });
  const port = await bindServer(server, '127.0.0.1', 0);
  const client = closeWhenFinished(rawClient(`127.0.0.1:${port}`));
  /** Calls Echo with `metadata` and a deadline; resolves with how it ended. */
  const call = (metadata = new grpc.Metadata(), deadlineMs = 5000) =>
    rawUnary(client, PATH, REQUEST, deadlineMs, metadata);
  return { call, handled };
}

/** Metadata with one value of `bytes` characters. */
const bigMetadata = (bytes: number) => {
  const metadata = new grpc.Metadata();
  metadata.set('x-big', 'a'.repeat(bytes));
  return metadata;
};

describe('serverCallInterceptor', () => {
  it('passes a call within the metadata limit to its handler, request and answer intact', async () => {
    const { call, handled } = await start({ maxMetadataBytes: 8192 });
    expect(await call(bigMetadata(1000))).toEqual({ code: grpc.status.OK, details: 'OK', response: REQUEST });
    expect(handled).toEqual(['ping']);
  });

  it('answers a call over the metadata limit with RESOURCE_EXHAUSTED, and its handler never runs', async () => {
    const { call, handled } = await start({ maxMetadataBytes: 8192 });
    const { code, details } = await call(bigMetadata(9000));
    expect(code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(details).toMatch(/over the limit of 8192 bytes/);
    expect(handled).toEqual([]);
  });

  it('records each call once in the grpc_server_* metrics: answered, refused and cancelled', async () => {
    const registry = new Registry();
    const ok = await start({ maxMetadataBytes: 8192, registry });
    await ok.call();
    await ok.call(bigMetadata(9000));
    const hung = await start({ maxMetadataBytes: 8192, registry, hang: true });
    expect((await hung.call(new grpc.Metadata(), 300)).code).toBe(grpc.status.DEADLINE_EXCEEDED);
    // The server learns of the deadline on its own clock: its cancellation may arrive after the client's error.
    await expect
      .poll(
        async () =>
          sampleValue(await registry.metrics(), 'grpc_server_handled_total', { ...LABELS, grpc_code: 'CANCELLED' }),
        { timeout: 10_000 },
      )
      .toBe(1);
    const text = await registry.metrics();
    expect(sampleValue(text, 'grpc_server_started_total', LABELS)).toBe(3);
    for (const code of ['OK', 'RESOURCE_EXHAUSTED', 'CANCELLED']) {
      expect(sampleValue(text, 'grpc_server_handled_total', { ...LABELS, grpc_code: code }), code).toBe(1);
    }
    expect(sampleValue(text, 'grpc_server_handling_seconds_count', LABELS)).toBe(3);
  });
});

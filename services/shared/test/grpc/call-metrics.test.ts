import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { callMetrics } from '@bookstore/shared';
import { sampleValue } from '@bookstore/testing';

const labels = { grpc_type: 'unary', grpc_service: 'Recommendations', grpc_method: 'Recommend' };

describe('callMetrics', () => {
  it('reports started, handled by code and the latency histogram when scraped', async () => {
    const registry = new Registry();
    const begin = callMetrics(registry, 'server');
    begin('/Recommendations/Recommend', false, false)(grpc.status.OK);
    begin('/Recommendations/Recommend', false, false)(grpc.status.NOT_FOUND);
    begin('/Recommendations/Recommend', false, false);
    const text = await registry.metrics();
    expect(sampleValue(text, 'grpc_server_started_total', labels)).toBe(3);
    expect(sampleValue(text, 'grpc_server_handled_total', { ...labels, grpc_code: 'OK' })).toBe(1);
    expect(sampleValue(text, 'grpc_server_handled_total', { ...labels, grpc_code: 'NOT_FOUND' })).toBe(1);
    expect(sampleValue(text, 'grpc_server_handling_seconds_count', labels)).toBe(2);
  });

  it('reports the same totals on every scrape, never adding them up twice', async () => {
    const registry = new Registry();
    callMetrics(registry, 'client')('/Recommendations/Recommend', false, false)(grpc.status.OK);
    await registry.metrics();
    const text = await registry.metrics();
    expect(sampleValue(text, 'grpc_client_started_total', labels)).toBe(1);
    expect(sampleValue(text, 'grpc_client_handled_total', { ...labels, grpc_code: 'OK' })).toBe(1);
  });

  it('shares one set of counts among everything built on a registry', async () => {
    const registry = new Registry();
    callMetrics(registry, 'server')('/Recommendations/Recommend', false, false)(grpc.status.OK);
    callMetrics(registry, 'server')('/Recommendations/Recommend', false, false)(grpc.status.OK);
    expect(sampleValue(await registry.metrics(), 'grpc_server_started_total', labels)).toBe(2);
  });
});

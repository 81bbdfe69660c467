import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { codeName, methodLabels } from '@bookstore/shared';

describe('methodLabels', () => {
  it('splits a package-less wire path into service and method', () => {
    expect(methodLabels('/Recommendations/Recommend', false, false)).toEqual({
      grpc_type: 'unary',
      grpc_service: 'Recommendations',
      grpc_method: 'Recommend',
    });
  });

  it('names the streaming kinds as the grpc-ecosystem convention does', () => {
    expect(methodLabels('/grpc.health.v1.Health/Watch', false, true).grpc_type).toBe('server_stream');
    expect(methodLabels('/a/b', true, false).grpc_type).toBe('client_stream');
    expect(methodLabels('/a/b', true, true).grpc_type).toBe('bidi_stream');
  });
});

describe('codeName', () => {
  it('names status codes as the convention writes them', () => {
    expect(codeName(grpc.status.OK)).toBe('OK');
    expect(codeName(grpc.status.NOT_FOUND)).toBe('NOT_FOUND');
  });
});

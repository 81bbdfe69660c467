import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { captureLogger } from '@bookstore/testing';
import { unary } from '../../src/grpc/unary';
import { CategoryNotFoundError } from '../../src/errors';

type Answer = { error: Partial<grpc.StatusObject> | null; value?: string };

/** Calls the adapted handler once with `request`; resolves with what it passed its callback, and whether at once. */
function call(handler: grpc.handleUnaryCall<string, string>, request: string): Promise<Answer & { sync: boolean }> {
  return new Promise((resolve) => {
    let returned = false;
    const callback = ((error: Partial<grpc.StatusObject> | null, value?: string) =>
      resolve({ error, value, sync: !returned })) as grpc.sendUnaryData<string>;
    handler({ request } as grpc.ServerUnaryCall<string, string>, callback);
    returned = true;
  });
}

describe('unary', () => {
  const { logger, lines } = captureLogger();

  it('answers a synchronous result before the handler returns', async () => {
    const answer = await call(
      unary(logger, (request: string) => request.toUpperCase()),
      'ok',
    );
    expect(answer).toEqual({ error: null, value: 'OK', sync: true });
  });

  it('answers an asynchronous result once it resolves', async () => {
    const answer = await call(
      unary(logger, (request: string) => Promise.resolve(`${request}!`)),
      'later',
    );
    expect(answer).toEqual({ error: null, value: 'later!', sync: false });
  });

  it('answers a thrown domain error with its status', async () => {
    const answer = await call(
      unary(logger, (): string => {
        throw new CategoryNotFoundError();
      }),
      'x',
    );
    expect(answer.error).toEqual({ code: grpc.status.NOT_FOUND, details: 'Category not found' });
  });

  it('answers a rejection with INTERNAL, logged, with no details of it', async () => {
    const answer = await call(
      unary(logger, () => Promise.reject(new Error('secret detail'))),
      'x',
    );
    expect(answer.error).toEqual({ code: grpc.status.INTERNAL, details: 'Internal error' });
    expect(lines().some((line) => JSON.stringify(line).includes('secret detail'))).toBe(true);
  });
});

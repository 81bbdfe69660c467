import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createStreamCloser } from '@bookstore/shared';

/** A method of the given shape; the closer reads only its streaming flags. */
const method = (responseStream: boolean) =>
  ({ path: '/S/M', requestStream: false, responseStream }) as grpc.ServerMethodDefinition<unknown, unknown>;

/** A call that records the statuses sent on it. */
function fakeCall() {
  const sent: grpc.StatusObject[] = [];
  const call = { sendStatus: (status: grpc.StatusObject) => sent.push(status) };
  return { call: call as unknown as grpc.ServerInterceptingCallInterface, sent };
}

describe('createStreamCloser', () => {
  it('passes a call that is not a server stream on as it is', () => {
    const { call } = fakeCall();
    expect(createStreamCloser().interceptor(method(false), call)).toBe(call);
  });

  it('wraps a server stream and ends it with UNAVAILABLE on closeAll', () => {
    const closer = createStreamCloser();
    const { call, sent } = fakeCall();
    expect(closer.interceptor(method(true), call)).toBeInstanceOf(grpc.ServerInterceptingCall);
    closer.closeAll();
    expect(sent.map((status) => status.code)).toEqual([grpc.status.UNAVAILABLE]);
  });
});

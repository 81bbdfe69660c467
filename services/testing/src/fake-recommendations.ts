import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import { bindServer, loadRecommendationsProto } from '@bookstore/shared';
import type { BookRecommendation } from '@bookstore/shared';

/** How the stand-in answers; tests change it between requests. */
export interface FakeBehaviour {
  delayMs: number;
  error?: grpc.status;
  books: BookRecommendation[];
}

/**
 * A real gRPC server speaking the contract, standing in for recommendations where a test needs it slow,
 * failing or returning chosen titles. It is marketplace's dependency, never the unit under test.
 */
export async function startFakeRecommendations(initial: Partial<FakeBehaviour> = {}) {
  const behaviour: FakeBehaviour = { delayMs: 0, books: [{ id: 1, title: 'The Maltese Falcon' }], ...initial };
  let calls = 0;
  const server = new grpc.Server();
  server.addService(loadRecommendationsProto().Recommendations.service, {
    Recommend: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      calls += 1;
      void sleep(behaviour.delayMs).then(() => {
        if (behaviour.error !== undefined) callback({ code: behaviour.error, details: 'injected failure' });
        else callback(null, { recommendations: behaviour.books });
      });
    },
  });
  const port = await bindServer(server, '127.0.0.1', 0);
  return {
    port,
    behaviour,
    calls: () => calls,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    kill: () => server.forceShutdown(),
  };
}

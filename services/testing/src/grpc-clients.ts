import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_LOADER_OPTIONS, healthProtoPath, loadRecommendationsProto } from '@bookstore/shared';
import type { RecommendationRequest, RecommendationResponse__Output, RecommendationsClient } from '@bookstore/shared';

/** A plaintext client of the contract's Recommendations service at `target`. */
export function recommendationsClient(
  target: string,
  credentials = grpc.credentials.createInsecure(),
): RecommendationsClient {
  const { Recommendations } = loadRecommendationsProto();
  return new Recommendations(target, credentials);
}

/** One Recommend call as a promise, with a deadline so a broken server cannot hang a test. */
export function recommend(
  client: RecommendationsClient,
  request: RecommendationRequest,
  deadlineMs = 5000,
): Promise<RecommendationResponse__Output> {
  return new Promise((resolve, reject) => {
    client.Recommend(request, { deadline: Date.now() + deadlineMs }, (error, response) =>
      error || !response ? reject(error ?? new Error('no response')) : resolve(response),
    );
  });
}

/** The gRPC health client surface the tests use. */
export interface HealthClient extends grpc.Client {
  Check(
    request: { service: string },
    options: grpc.CallOptions,
    callback: grpc.requestCallback<{ status: string }>,
  ): grpc.ClientUnaryCall;
  List(
    request: object,
    options: grpc.CallOptions,
    callback: grpc.requestCallback<{ statuses: Record<string, { status: string }> }>,
  ): grpc.ClientUnaryCall;
  Watch(request: { service: string }): grpc.ClientReadableStream<{ status: string }>;
}

/** A plaintext client of `grpc.health.v1.Health` at `target`. */
export function healthClient(target: string): HealthClient {
  const definition = protoLoader.loadSync(healthProtoPath, PROTO_LOADER_OPTIONS);
  const proto = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: new (target: string, credentials: grpc.ChannelCredentials) => HealthClient } } };
  };
  return new proto.grpc.health.v1.Health(target, grpc.credentials.createInsecure());
}

/** Health Check as a promise: resolves with the status name. */
export function checkHealth(client: HealthClient, service = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    client.Check({ service }, { deadline: Date.now() + 3000 }, (error, response) =>
      error || !response ? reject(error ?? new Error('no response')) : resolve(response.status),
    );
  });
}

/** Health List as a promise: resolves with each service's status name. */
export function listHealth(client: HealthClient): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    client.List({}, { deadline: Date.now() + 3000 }, (error, response) =>
      error || !response
        ? reject(error ?? new Error('no response'))
        : resolve(Object.fromEntries(Object.entries(response.statuses).map(([name, s]) => [name, s.status]))),
    );
  });
}

import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType } from './generated/recommendations_grpc';

/**
 * The contract's path, resolved from this file: `src/` and `dist/` sit at the same depth, and the images keep
 * the repository layout, so the one shared `protobufs/` folder is found everywhere.
 */
export const RECOMMENDATIONS_PROTO_PATH = path.resolve(__dirname, '../../../protobufs/recommendations.proto');

/** Loader options; `npm run gen` passes the same flags to proto-loader-gen-types so the types match. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

/** Loads the recommendations proto into a package definition (used for services and reflection). */
export function loadRecommendationsDefinition(): protoLoader.PackageDefinition {
  return protoLoader.loadSync(RECOMMENDATIONS_PROTO_PATH, PROTO_LOADER_OPTIONS);
}

/** Loads the recommendations proto as typed grpc-js constructors and service definitions. */
export function loadRecommendationsProto(
  definition: protoLoader.PackageDefinition = loadRecommendationsDefinition(),
): ProtoGrpcType {
  return grpc.loadPackageDefinition(definition) as unknown as ProtoGrpcType;
}

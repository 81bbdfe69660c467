// The Recommend RPC baseline: a bare grpc-js server with recommendations' server options, answering every
// call with one fixed response of the same size as ours. No health, reflection, interceptors, metrics or
// logging, and no domain work: the ratio ours/this is what those layers (and the catalogue lookup) cost.
import * as grpc from '@grpc/grpc-js';
import { loadSharedProto, readConfig } from './baseline-config';
import type { RpcBaselineConfig } from './baseline-config';

/** Binds the server; the harness learns it is up by calling it. */
async function main(): Promise<void> {
  const config = readConfig<RpcBaselineConfig>();
  const { Recommendations } = (await loadSharedProto(config)).loadRecommendationsProto();
  const server = new grpc.Server(config.serverOptions);
  server.addService(Recommendations.service, {
    Recommend: (_call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) =>
      callback(null, config.response),
  });
  server.bindAsync(`${config.host}:${config.port}`, grpc.ServerCredentials.createInsecure(), (error) => {
    if (error) throw error;
  });
  process.on('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`bare-recommendations failed: ${String(error)}\n`);
  process.exit(1);
});

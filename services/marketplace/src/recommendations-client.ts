import type { Registry } from 'prom-client';
import { channelCredentials, clientMetricsInterceptor, loadRecommendationsProto } from '@bookstore/shared';
import type { BookRecommendation__Output, RecommendationRequest } from '@bookstore/shared';
import type { MarketplaceConfig } from './config';

/** Asks recommendations for books; rejects with a grpc ServiceError when the call fails. */
export interface RecommendationsClient {
  recommend(request: RecommendationRequest): Promise<BookRecommendation__Output[]>;
  close(): void;
}

/**
 * How the channel calls recommendations: round_robin over every address DNS returns (a headless Service
 * gives one per pod), and UNAVAILABLE retried on another pod. Retries stay within each call's deadline.
 */
export const SERVICE_CONFIG = {
  loadBalancingConfig: [{ round_robin: {} }],
  methodConfig: [
    {
      name: [{ service: 'Recommendations' }],
      retryPolicy: {
        maxAttempts: 3,
        initialBackoff: '0.01s',
        maxBackoff: '0.1s',
        backoffMultiplier: 2,
        retryableStatusCodes: ['UNAVAILABLE'],
      },
    },
  ],
};

/**
 * Channel options besides TLS and interceptors: the service config, and DNS re-resolution and reconnects
 * quick enough that pods coming and going are noticed within seconds.
 */
export const CHANNEL_OPTIONS = {
  'grpc.service_config': JSON.stringify(SERVICE_CONFIG),
  'grpc.dns_min_time_between_resolutions_ms': 2000,
  'grpc.initial_reconnect_backoff_ms': 200,
  'grpc.max_reconnect_backoff_ms': 2000,
};

/** Creates the one long-lived channel of the process; it connects lazily, on the first call. */
export function createRecommendationsClient(
  config: MarketplaceConfig['recommendations'],
  registry: Registry,
): RecommendationsClient {
  const { Recommendations } = loadRecommendationsProto();
  const client = new Recommendations(`dns:///${config.host}:${config.port}`, channelCredentials(config.tls), {
    ...CHANNEL_OPTIONS,
    ...(config.tlsServerName ? { 'grpc.ssl_target_name_override': config.tlsServerName } : {}),
    interceptors: [clientMetricsInterceptor(registry)],
  });

  return {
    recommend: (request) =>
      new Promise((resolve, reject) => {
        client.Recommend(request, { deadline: Date.now() + config.deadlineMs }, (error, response) => {
          if (error || !response) reject(error ?? new Error('empty response'));
          else resolve(response.recommendations);
        });
      }),
    close: () => client.close(),
  };
}

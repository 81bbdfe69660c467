import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHealth, healthClient, recommend, recommendationsClient } from '@bookstore/testing';
import { RECOMMENDATIONS_TARGET, eventually } from './target';

describe(`recommendations at ${RECOMMENDATIONS_TARGET}`, () => {
  const client = recommendationsClient(`dns:///${RECOMMENDATIONS_TARGET}`);
  const health = healthClient(`dns:///${RECOMMENDATIONS_TARGET}`);

  beforeAll(() => eventually(() => checkHealth(health, 'Recommendations')));
  afterAll(() => {
    client.close();
    health.close();
  });

  it('reports SERVING through gRPC health', async () => {
    expect(await checkHealth(health, '')).toBe('SERVING');
    expect(await checkHealth(health, 'Recommendations')).toBe('SERVING');
  });

  it('returns one book for max_results=1 (the original test)', async () => {
    const response = await recommend(client, { user_id: 1, category: 'MYSTERY', max_results: 1 });
    expect(response.recommendations).toHaveLength(1);
  });

  it('answers an unknown category with NOT_FOUND', async () => {
    await expect(
      recommend(client, { user_id: 1, category: 3 as unknown as 'MYSTERY', max_results: 1 }),
    ).rejects.toMatchObject({ code: grpc.status.NOT_FOUND, details: 'Category not found' });
  });

  it('answers a negative max_results with INVALID_ARGUMENT', async () => {
    await expect(recommend(client, { user_id: 1, category: 'MYSTERY', max_results: -1 })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
  });
});

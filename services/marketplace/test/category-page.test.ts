import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { HOME_CATEGORY, findCategory } from '../src/categories';
import { buildCategoryPage, degradedReason } from '../src/category-page';
import type { FetchRecommendations } from '../src/category-page';

describe('buildCategoryPage', () => {
  it('asks for user 1, the page category and the limit, and lists the books', async () => {
    const asked: unknown[] = [];
    const fetch: FetchRecommendations = (request) => {
      asked.push(request);
      return Promise.resolve([{ id: 1, title: 'The Maltese Falcon' }]);
    };
    const model = await buildCategoryPage(fetch, HOME_CATEGORY, 3, () => {});
    expect(asked).toEqual([{ user_id: 1, category: 'MYSTERY', max_results: 3 }]);
    expect(model).toMatchObject({ unavailable: false, books: [{ title: 'The Maltese Falcon' }] });
  });

  it('degrades instead of failing when the call fails, and reports the gRPC status', async () => {
    const reasons: string[] = [];
    const fetch: FetchRecommendations = () =>
      Promise.reject(Object.assign(new Error('deadline'), { code: grpc.status.DEADLINE_EXCEEDED }));
    const model = await buildCategoryPage(fetch, HOME_CATEGORY, 3, (reason) => reasons.push(reason));
    expect(model).toMatchObject({ unavailable: true, books: [] });
    expect(reasons).toEqual(['DEADLINE_EXCEEDED']);
  });

  it('degrades too when the fetch throws before it returns a promise', async () => {
    const reasons: string[] = [];
    const fetch: FetchRecommendations = () => {
      throw new Error('channel closed');
    };
    const model = await buildCategoryPage(fetch, HOME_CATEGORY, 3, (reason) => reasons.push(reason));
    expect(model).toMatchObject({ unavailable: true, books: [] });
    expect(reasons).toEqual(['UNKNOWN']);
  });
});

describe('degradedReason', () => {
  it('is UNKNOWN for a failure that is not a gRPC status', () => {
    expect(degradedReason(new Error('boom'))).toBe('UNKNOWN');
    expect(degradedReason(undefined)).toBe('UNKNOWN');
  });
});

describe('findCategory', () => {
  it('finds categories by slug and nothing else', () => {
    expect(findCategory('science-fiction')?.category).toBe('SCIENCE_FICTION');
    expect(findCategory('SCIENCE_FICTION')).toBeUndefined();
    expect(findCategory('__proto__')).toBeUndefined();
  });
});

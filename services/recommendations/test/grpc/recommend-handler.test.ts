import { describe, expect, it } from 'vitest';
import { Recommend } from '../../src/grpc/recommend-handler';
import type { Book } from '../../src/catalogue';

const books: Book[] = [
  { id: 1, category: 'MYSTERY', title: 'The Maltese Falcon' },
  { id: 2, category: 'MYSTERY', title: 'Murder on the Orient Express' },
];
const request = { user_id: 7, category: 'MYSTERY' as const, max_results: 2 };
const wire = {
  recommendations: [
    { id: 1, title: 'The Maltese Falcon' },
    { id: 2, title: 'Murder on the Orient Express' },
  ],
};

describe('Recommend', () => {
  it('answers a synchronous recommend function with the wire response, not a promise', () => {
    expect(Recommend(() => books)(request)).toEqual(wire);
  });

  it('answers an asynchronous recommend function with a promise of the same response', async () => {
    const response = Recommend(() => Promise.resolve(books))(request);
    expect(response).toBeInstanceOf(Promise);
    expect(await response).toEqual(wire);
  });

  it('hands the request on as the domain query', () => {
    const seen: unknown[] = [];
    const response = Recommend((query) => {
      seen.push(query);
      return [];
    })(request);
    expect(response).toEqual({ recommendations: [] });
    expect(seen).toEqual([{ user_id: 7, category: 'MYSTERY', max_results: 2 }]);
  });
});

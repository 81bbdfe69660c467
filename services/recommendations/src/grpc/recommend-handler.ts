import type { RecommendationRequest__Output, RecommendationResponse } from '@bookstore/shared';
import type { Book } from '../catalogue';
import type { RecommendationQuery } from '../recommend';

/** The domain function a Recommend call runs: the catalogue lookup in production. */
export type RecommendFn = (query: RecommendationQuery) => readonly Book[] | Promise<readonly Book[]>;

/** The `Recommend` RPC: adapts the wire request to the domain query and the books to the wire response. */
export function Recommend(recommend: RecommendFn) {
  return async (request: RecommendationRequest__Output): Promise<RecommendationResponse> => {
    const books = await recommend({
      user_id: request.user_id,
      category: request.category,
      max_results: request.max_results,
    });
    return { recommendations: books.map(({ id, title }) => ({ id, title })) };
  };
}

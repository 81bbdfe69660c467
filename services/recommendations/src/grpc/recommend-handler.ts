import type { BookRecommendation, RecommendationRequest__Output, RecommendationResponse } from '@bookstore/shared';
import type { Book } from '../catalogue';
import type { RecommendationQuery } from '../recommend';

/** The domain function a Recommend call runs: the catalogue lookup in production. */
export type RecommendFn = (query: RecommendationQuery) => readonly Book[] | Promise<readonly Book[]>;

/** A book as the wire contract sends it. */
const toWire = ({ id, title }: Book): BookRecommendation => ({ id, title });

/** The books as the wire response. */
const toResponse = (books: readonly Book[]): RecommendationResponse => ({ recommendations: books.map(toWire) });

/**
 * The `Recommend` RPC: adapts the wire request to the domain query and the books to the wire response.
 * A synchronous recommend function is answered synchronously, without a Promise per call.
 */
export function Recommend(recommend: RecommendFn) {
  return (request: RecommendationRequest__Output): RecommendationResponse | Promise<RecommendationResponse> => {
    const books = recommend({
      user_id: request.user_id,
      category: request.category,
      max_results: request.max_results,
    });
    return books instanceof Promise ? books.then(toResponse) : toResponse(books);
  };
}

import type * as grpc from '@grpc/grpc-js';
import { codeName } from '@bookstore/shared';
import type { BookRecommendation__Output, RecommendationRequest } from '@bookstore/shared';
import { CATEGORY_PAGES } from './categories';
import type { CategoryPage } from './categories';

/** The user the original always asked for; personalisation is out of scope, as it was there. */
export const DEFAULT_USER_ID = 1;

/** How many books a page lists unless `?limit=` says otherwise: three, as the original did. */
export const DEFAULT_LIMIT = 3;

/** Everything a category page template shows. */
export interface CategoryPageModel {
  current: CategoryPage;
  categories: readonly CategoryPage[];
  books: readonly BookRecommendation__Output[];
  /** True when recommendations failed and the page shows a notice instead of books. */
  unavailable: boolean;
}

/** Fetches books for one request; rejects when recommendations cannot answer. */
export type FetchRecommendations = (request: RecommendationRequest) => Promise<BookRecommendation__Output[]>;

/** Why a page was degraded: the gRPC status name, or UNKNOWN for a non-gRPC failure. */
export function degradedReason(error: unknown): string {
  const code = (error as Partial<grpc.ServiceError> | undefined)?.code;
  return typeof code === 'number' ? codeName(code) : 'UNKNOWN';
}

/**
 * Builds a category page. A failing, slow or absent recommendations service degrades the page (no books,
 * a notice) instead of failing it; `onDegraded` is told why, for metrics.
 */
export function buildCategoryPage(
  fetchRecommendations: FetchRecommendations,
  current: CategoryPage,
  limit: number,
  onDegraded: (reason: string) => void,
): Promise<CategoryPageModel> {
  const degrade = (error: unknown): CategoryPageModel => {
    onDegraded(degradedReason(error));
    return { current, categories: CATEGORY_PAGES, books: [], unavailable: true };
  };
  let books: Promise<BookRecommendation__Output[]>;
  try {
    books = fetchRecommendations({ user_id: DEFAULT_USER_ID, category: current.category, max_results: limit });
  } catch (error) {
    return Promise.resolve(degrade(error));
  }
  // One promise step instead of an async function's: the homepage's whole path is a chain of them.
  return books.then((found) => ({ current, categories: CATEGORY_PAGES, books: found, unavailable: false }), degrade);
}

import { CategoryNotFoundError, InvalidArgumentError } from './errors';
import { isCategory } from './catalogue';
import type { Book } from './catalogue';

/** What a recommendation is asked for; `category` may be an unknown enum number off the wire. */
export interface RecommendationQuery {
  user_id: number;
  category: string | number;
  max_results: number;
}

/** Picks up to `count` distinct items at random (a partial Fisher-Yates shuffle of a copy). */
export function sampleWithoutRepeats<T>(items: readonly T[], count: number, random = Math.random): T[] {
  const pool = [...items];
  const picked = Math.min(count, pool.length);
  for (let i = 0; i < picked; i += 1) {
    const j = i + Math.floor(random() * (pool.length - i));
    // A plain swap: destructuring would allocate an array on every step of a hot path.
    const swap = pool[i] as T;
    pool[i] = pool[j] as T;
    pool[j] = swap;
  }
  // Truncated in place: the pool is this call's own copy, so a second array (slice) is not needed.
  pool.length = picked;
  return pool;
}

/**
 * Builds the recommend function over a catalogue, indexed by category once, so a call only validates and
 * samples. The original semantics: a random selection, without repeats, of
 * `min(max_results, books in the category)` books of the requested category. `user_id` is accepted for
 * future personalisation and unused.
 */
export function createRecommender(catalogue: readonly Book[]): (query: RecommendationQuery) => Book[] {
  const byCategory = new Map<string, Book[]>();
  for (const book of catalogue) byCategory.set(book.category, [...(byCategory.get(book.category) ?? []), book]);
  return (query) => {
    if (!isCategory(query.category)) throw new CategoryNotFoundError();
    if (query.max_results < 0) {
      throw new InvalidArgumentError(`max_results must not be negative (got ${query.max_results})`);
    }
    return sampleWithoutRepeats(byCategory.get(query.category) ?? [], query.max_results);
  };
}

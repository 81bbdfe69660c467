import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../src/catalogue';
import { CategoryNotFoundError, InvalidArgumentError } from '../src/errors';
import { createRecommender, sampleWithoutRepeats } from '../src/recommend';

const query = (category: string | number, max_results: number) => ({ user_id: 1, category, max_results });

describe('createRecommender', () => {
  const recommend = createRecommender(CATALOGUE);

  it('returns max_results distinct books, all from the requested category', () => {
    for (let i = 0; i < 50; i += 1) {
      const books = recommend(query('SCIENCE_FICTION', 2));
      expect(books).toHaveLength(2);
      expect(new Set(books.map((b) => b.id)).size).toBe(2);
      expect(books.every((b) => b.category === 'SCIENCE_FICTION')).toBe(true);
    }
  });

  it('caps the count at the books in the category', () => {
    expect(recommend(query('MYSTERY', 1000))).toHaveLength(3);
  });

  it('returns nothing for max_results 0, as min(0, n) is 0', () => {
    expect(recommend(query('SELF_HELP', 0))).toEqual([]);
  });

  it('throws CategoryNotFoundError for an enum value the contract does not define', () => {
    expect(() => recommend(query(7, 1))).toThrowError(CategoryNotFoundError);
    expect(() => recommend(query('ROMANCE', 1))).toThrowError('Category not found');
  });

  it('throws InvalidArgumentError naming max_results when it is negative', () => {
    expect(() => recommend(query('MYSTERY', -1))).toThrowError(InvalidArgumentError);
    expect(() => recommend(query('MYSTERY', -1))).toThrowError(/max_results/);
  });
});

describe('sampleWithoutRepeats', () => {
  it('eventually picks every item in first place, so the choice is random', () => {
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i += 1) firsts.add(sampleWithoutRepeats([1, 2, 3], 1)[0] as number);
    expect([...firsts].sort()).toEqual([1, 2, 3]);
  });

  it('uses the injected random source', () => {
    expect(sampleWithoutRepeats([1, 2, 3], 3, () => 0)).toEqual([1, 2, 3]);
    expect(sampleWithoutRepeats([1, 2, 3], 1, () => 0.99)).toEqual([3]);
  });
});

describe('CATALOGUE', () => {
  it('holds the original nine books, three per category', () => {
    expect(CATALOGUE.map((b) => b.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(CATALOGUE.find((b) => b.id === 4)?.title).toBe("The Hitchhiker's Guide to the Galaxy");
  });
});

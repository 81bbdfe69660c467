import { BookCategory } from '@bookstore/shared';
import type { BookCategory__Output } from '@bookstore/shared';

/** A category of the wire contract, by name: the proto's `BookCategory` enum, as `npm run gen` generates it. */
export type Category = BookCategory__Output;

/** Every category of the contract, in the proto's order. */
export const CATEGORIES: readonly Category[] = Object.values(BookCategory);

/** A book in the catalogue. */
export interface Book {
  readonly id: number;
  readonly category: Category;
  readonly title: string;
}

/**
 * The original tutorial's catalogue, unchanged: ids, categories and titles are part of the port's contract.
 * Keyed by the generated enum, so a category added to the proto fails to compile until it has books here.
 */
const BOOKS: Readonly<Record<Category, readonly Omit<Book, 'category'>[]>> = {
  MYSTERY: [
    { id: 1, title: 'The Maltese Falcon' },
    { id: 2, title: 'Murder on the Orient Express' },
    { id: 3, title: 'The Hound of the Baskervilles' },
  ],
  SCIENCE_FICTION: [
    { id: 4, title: "The Hitchhiker's Guide to the Galaxy" },
    { id: 5, title: "Ender's Game" },
    { id: 6, title: 'The Dune Chronicles' },
  ],
  SELF_HELP: [
    { id: 7, title: 'The 7 Habits of Highly Effective People' },
    { id: 8, title: 'How to Win Friends and Influence People' },
    { id: 9, title: "Man's Search for Meaning" },
  ],
};

/** The catalogue as one list, in the contract's category order. */
export const CATALOGUE: readonly Book[] = Object.freeze(
  CATEGORIES.flatMap((category) => BOOKS[category].map((book) => Object.freeze({ ...book, category }))),
);

/** True when `value` names a known category; unknown enum numbers arrive as numbers and fail this. */
export function isCategory(value: unknown): value is Category {
  return (CATEGORIES as readonly unknown[]).includes(value);
}

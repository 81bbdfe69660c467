/** The categories of the wire contract's `BookCategory` enum, by name. */
export const CATEGORIES = ['MYSTERY', 'SCIENCE_FICTION', 'SELF_HELP'] as const;

export type Category = (typeof CATEGORIES)[number];

/** A book in the catalogue. */
export interface Book {
  readonly id: number;
  readonly category: Category;
  readonly title: string;
}

/** The original tutorial's catalogue, unchanged: ids, categories and titles are part of the port's contract. */
export const CATALOGUE: readonly Book[] = Object.freeze([
  { id: 1, category: 'MYSTERY', title: 'The Maltese Falcon' },
  { id: 2, category: 'MYSTERY', title: 'Murder on the Orient Express' },
  { id: 3, category: 'MYSTERY', title: 'The Hound of the Baskervilles' },
  { id: 4, category: 'SCIENCE_FICTION', title: "The Hitchhiker's Guide to the Galaxy" },
  { id: 5, category: 'SCIENCE_FICTION', title: "Ender's Game" },
  { id: 6, category: 'SCIENCE_FICTION', title: 'The Dune Chronicles' },
  { id: 7, category: 'SELF_HELP', title: 'The 7 Habits of Highly Effective People' },
  { id: 8, category: 'SELF_HELP', title: 'How to Win Friends and Influence People' },
  { id: 9, category: 'SELF_HELP', title: "Man's Search for Meaning" },
]);

/** True when `value` names a known category; unknown enum numbers arrive as numbers and fail this. */
export function isCategory(value: unknown): value is Category {
  return (CATEGORIES as readonly unknown[]).includes(value);
}

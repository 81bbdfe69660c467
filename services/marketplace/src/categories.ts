import type { BookCategory__Output } from '@bookstore/shared';

/** A category page: its URL slug, the wire enum name, and the label people read. */
export interface CategoryPage {
  readonly slug: string;
  readonly category: BookCategory__Output;
  readonly label: string;
  readonly path: string;
}

/**
 * The page of each category of the contract, in navigation order; the first is the homepage's, as the
 * original showed mystery books there. Keyed by the generated enum, so a category added to the proto fails to
 * compile until it has a page here.
 */
const PAGES: Readonly<Record<BookCategory__Output, { slug: string; label: string }>> = {
  MYSTERY: { slug: 'mystery', label: 'Mystery' },
  SCIENCE_FICTION: { slug: 'science-fiction', label: 'Science fiction' },
  SELF_HELP: { slug: 'self-help', label: 'Self-help' },
};

/** Every category page, in navigation order. */
export const CATEGORY_PAGES: readonly CategoryPage[] = (Object.keys(PAGES) as BookCategory__Output[]).map(
  (category, index) => {
    const { slug, label } = PAGES[category];
    return { slug, category, label, path: index === 0 ? '/' : `/categories/${slug}` };
  },
);

/** The homepage shows mystery books, as the original did. */
export const HOME_CATEGORY = CATEGORY_PAGES[0] as CategoryPage;

/** Finds a category by its slug, or undefined for an unknown one. */
export function findCategory(slug: string): CategoryPage | undefined {
  return CATEGORY_PAGES.find((page) => page.slug === slug);
}

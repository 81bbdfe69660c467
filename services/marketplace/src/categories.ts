/** A category page: its URL slug, the wire enum name, and the label people read. */
export interface CategoryPage {
  readonly slug: string;
  readonly category: 'MYSTERY' | 'SCIENCE_FICTION' | 'SELF_HELP';
  readonly label: string;
  readonly path: string;
}

/** Every category, in navigation order; the first is the homepage's. */
export const CATEGORY_PAGES: readonly CategoryPage[] = [
  { slug: 'mystery', category: 'MYSTERY', label: 'Mystery', path: '/' },
  { slug: 'science-fiction', category: 'SCIENCE_FICTION', label: 'Science fiction', path: '/categories/science-fiction' },
  { slug: 'self-help', category: 'SELF_HELP', label: 'Self-help', path: '/categories/self-help' },
];

/** The homepage shows mystery books, as the original did. */
export const HOME_CATEGORY = CATEGORY_PAGES[0] as CategoryPage;

/** Finds a category by its slug, or undefined for an unknown one. */
export function findCategory(slug: string): CategoryPage | undefined {
  return CATEGORY_PAGES.find((page) => page.slug === slug);
}

import { Router } from '@koa/router';
import { badRequest } from '../errors';
import { CATEGORY_PAGES, HOME_CATEGORY, findCategory } from '../categories';
import { DEFAULT_LIMIT, buildCategoryPage } from '../category-page';
import type { CategoryPage } from '../categories';
import type { FetchRecommendations } from '../category-page';
import type { Render } from '../views';
import type Koa from 'koa';

/** The largest `?limit=` accepted; more than the catalogue holds in any category is pointless. */
export const MAX_LIMIT = 10;

/** What the page routes need. */
export interface PageRouteDeps {
  render: Render;
  fetchRecommendations: FetchRecommendations;
  onDegraded: (reason: string) => void;
}

/** Reads `?limit=`: absent means the default; repeated, non-numeric or out of range is a 400. */
export function parseLimit(value: string | string[] | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  if (Array.isArray(value)) throw badRequest('The limit parameter may be given only once.');
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > MAX_LIMIT) {
    throw badRequest(`The limit parameter must be a whole number from 1 to ${MAX_LIMIT}.`);
  }
  return Number(value);
}

/** `GET /` (mystery, the original homepage) and `GET /categories/:slug` for every category. */
export function pageRoutes({ render, fetchRecommendations, onDegraded }: PageRouteDeps): Router {
  const renderCategory = (ctx: Koa.Context, page: CategoryPage): Promise<void> => {
    const limit = parseLimit(ctx.query.limit);
    return buildCategoryPage(fetchRecommendations, page, limit, onDegraded).then((model) => {
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = render('category.njk', model);
    });
  };

  return new Router()
    .get('home', '/', (ctx) => renderCategory(ctx, HOME_CATEGORY))
    .get('category', '/categories/:slug', async (ctx) => {
      const page = findCategory(ctx.params.slug ?? '');
      if (!page) {
        const known = CATEGORY_PAGES.map((p) => p.slug).join(', ');
        throw badRequest(`There is no such category. Try one of: ${known}.`);
      }
      await renderCategory(ctx, page);
    });
}

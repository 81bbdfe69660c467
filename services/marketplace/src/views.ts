import path from 'node:path';
import nunjucks from 'nunjucks';

/** Where templates live: beside src/ and dist/, so both the dev and the built app find them. */
export const VIEWS_DIR = path.resolve(__dirname, '../views');

/** The templates the app renders; compiled at start-up so a broken one fails the boot, not a request. */
export const TEMPLATES = ['category.njk', 'error.njk'] as const;

export type TemplateName = (typeof TEMPLATES)[number];

/** Renders a template to HTML. */
export type Render = (template: TemplateName, context: object) => string;

/** Creates the nunjucks environment (autoescaping, cached, strict about undefined) and precompiles every template. */
export function createRenderer(): Render {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(VIEWS_DIR, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: true,
  });
  // Rendering the compiled Template skips env.render's per-call lookup of the template by name and its callback.
  const compiled = new Map(TEMPLATES.map((name) => [name, env.getTemplate(name, true)] as const));
  return (template, context) => (compiled.get(template) as nunjucks.Template).render(context);
}

// The homepage contract, shared with the Docker e2e suite.
export { countBooks, isDegraded, isFullPage } from '../../e2e/support/pages';
import { countBooks } from '../../e2e/support/pages';

/** The homepage contract of the original test: title, heading, exactly 3 `<li>`. Returns what is wrong, or ''. */
export function contractProblems(html: string): string {
  const problems = [];
  if (!html.includes('<title>Online Books For You</title>')) problems.push('no title');
  if (!html.includes('Mystery books you may like')) problems.push('no heading');
  if (countBooks(html) !== 3) problems.push(`${countBooks(html)} <li> instead of 3`);
  return problems.join(', ');
}

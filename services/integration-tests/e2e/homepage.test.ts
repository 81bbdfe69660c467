import { beforeAll, describe, expect, it } from 'vitest';
import { summarise } from '@bookstore/testing';
import { cluster } from './support/cluster-context';
import { printFigures } from './support/figures';
import { countBooks, getPage } from './support/pages';
import { ensureHealthy } from './support/replicas';

const info = cluster();

describe('GET / on the port published on 127.0.0.1', () => {
  beforeAll(() => ensureHealthy(info));

  it('serves the homepage contract: the title and exactly 3 <li>', async () => {
    const page = await getPage(`${info.marketplaceUrl}/`);
    printFigures(summarise([page]));
    expect(page.status, `GET ${info.marketplaceUrl}/ failed: ${page.error ?? page.body.slice(0, 200)}`).toBe(200);
    expect(page.body).toContain('<title>Online Books For You</title>');
    expect(countBooks(page.body), `the homepage lists ${countBooks(page.body)} books, the contract says 3`).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors';
import { parseLimit } from '../../src/routes/pages';

describe('parseLimit', () => {
  it('defaults to 3 books, as the original homepage showed', () => {
    expect(parseLimit(undefined)).toBe(3);
  });

  it('accepts whole numbers from 1 to 10', () => {
    expect(parseLimit('1')).toBe(1);
    expect(parseLimit('10')).toBe(10);
  });

  it.each(['0', '11', '-1', '2.5', 'abc', '', ' 3', '1e1', '0x3', '٣'])('rejects %j with a 400', (value) => {
    expect(() => parseLimit(value)).toThrowError(HttpError);
    expect(() => parseLimit(value)).toThrowError(/limit/);
  });

  it('rejects a repeated parameter with a 400', () => {
    expect(() => parseLimit(['1', '2'])).toThrowError(/only once/);
  });
});

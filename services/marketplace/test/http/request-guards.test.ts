import { describe, expect, it } from 'vitest';
import { countHostHeaders } from '../../src/http/request-guards';

describe('countHostHeaders', () => {
  it('counts Host headers in any letter case, and nothing else', () => {
    expect(countHostHeaders(['Host', 'a', 'Accept', '*/*'])).toBe(1);
    expect(countHostHeaders(['host', 'a', 'HOST', 'b'])).toBe(2);
    expect(countHostHeaders(['Hosts', 'a', 'X-Host', 'b'])).toBe(0);
  });

  it('reads names only, never values', () => {
    expect(countHostHeaders(['Referer', 'host', 'Accept', 'Host'])).toBe(0);
  });
});

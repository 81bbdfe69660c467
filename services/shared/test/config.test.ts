import { describe, expect, it } from 'vitest';
import { ConfigError, listenPort, parseEnv, parseTlsFiles, str } from '@bookstore/shared';

describe('parseEnv', () => {
  const specs = { PORT: listenPort({ default: 8080 }), NAME: str({ default: 'x' }) };

  it('applies defaults when variables are absent', () => {
    expect(parseEnv({}, specs)).toMatchObject({ PORT: 8080, NAME: 'x' });
  });

  it('parses valid values', () => {
    expect(parseEnv({ PORT: '0' }, specs).PORT).toBe(0);
  });

  it.each(['abc', '1.5', '-1', '65536', '1e3', ''])('rejects PORT=%j with an error naming PORT', (value) => {
    expect(() => parseEnv({ PORT: value }, specs)).toThrowError(ConfigError);
    expect(() => parseEnv({ PORT: value }, specs)).toThrowError(/PORT: expected an integer/);
  });
});

describe('parseTlsFiles', () => {
  it('is off when no file is given', () => {
    expect(parseTlsFiles('', '', '')).toBeUndefined();
  });

  it('returns all three files when all are given', () => {
    expect(parseTlsFiles('c', 'k', 'a')).toEqual({ certFile: 'c', keyFile: 'k', caFile: 'a' });
  });

  it('refuses a half-configured mutual TLS setup', () => {
    expect(() => parseTlsFiles('c', '', 'a')).toThrowError(/TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE/);
  });
});

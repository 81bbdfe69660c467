import { describe, expect, it } from 'vitest';
import {
  CONNECTION_ENV_SPECS,
  ConfigError,
  DEFAULT_CONNECTION_LIMITS,
  connectionLimits,
  listenPort,
  parseEnv,
  parseTlsFiles,
  str,
} from '@bookstore/shared';

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

describe('connectionLimits', () => {
  it('defaults to the documented limits', () => {
    expect(connectionLimits(parseEnv({}, CONNECTION_ENV_SPECS))).toEqual(DEFAULT_CONNECTION_LIMITS);
  });

  it('reads each variable', () => {
    const env = {
      HANDSHAKE_TIMEOUT_MS: '500',
      IDLE_TIMEOUT_MS: '2000',
      MAX_CONCURRENT_STREAMS: '7',
      MAX_METADATA_BYTES: '4096',
    };
    expect(connectionLimits(parseEnv(env, CONNECTION_ENV_SPECS))).toEqual({
      handshakeTimeoutMs: 500,
      idleTimeoutMs: 2000,
      maxConcurrentStreams: 7,
      maxMetadataBytes: 4096,
    });
  });

  it.each([
    ['HANDSHAKE_TIMEOUT_MS', '0'],
    ['HANDSHAKE_TIMEOUT_MS', '60000'],
    ['IDLE_TIMEOUT_MS', 'soon'],
    ['MAX_CONCURRENT_STREAMS', '0'],
    ['MAX_METADATA_BYTES', '100'],
  ])('rejects %s=%s, naming it', (name, value) => {
    expect(() => parseEnv({ [name]: value }, CONNECTION_ENV_SPECS)).toThrowError(
      new RegExp(`${name}: expected an integer`),
    );
  });
});

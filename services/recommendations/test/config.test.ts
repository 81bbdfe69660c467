import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('defaults to the original port 50051 and plaintext', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 50051, healthPort: 50052, metricsPort: 9464, logLevel: 'info' });
    expect(config.tls).toBeUndefined();
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrowError(/PORT/);
    expect(() => loadConfig({ MAX_CONNECTION_AGE_MS: '10' })).toThrowError(/MAX_CONNECTION_AGE_MS/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrowError(/LOG_LEVEL/);
  });
});

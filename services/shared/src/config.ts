import { cleanEnv, makeValidator, str } from 'envalid';

export { str };

/** Thrown when the environment holds a bad value; its message names every offending variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Log levels pino accepts, offered as the `LOG_LEVEL` choices. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** An integer variable within [min, max]; rejects `abc`, `1.5`, `1e3` and blanks alike. */
export const intInRange = (min: number, max: number) =>
  makeValidator<number>((input: string) => {
    const value = /^-?\d+$/.test(input.trim()) ? Number(input) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new Error(`expected an integer from ${min} to ${max}, got "${input}"`);
    }
    return value;
  });

/** A TCP port to listen on; 0 lets the OS choose, which tests use. */
export const listenPort = intInRange(0, 65535);

/** A TCP port to connect to. */
export const remotePort = intInRange(1, 65535);

/** A duration in milliseconds, up to a day. */
export const millis = intInRange(0, 86_400_000);

/**
 * Validates `env` against envalid specs. Instead of envalid's default print-and-exit, it throws one
 * ConfigError naming each bad variable, so server.ts decides how to exit and tests can assert on it.
 */
export function parseEnv<S extends Parameters<typeof cleanEnv>[1]>(env: NodeJS.ProcessEnv, specs: S) {
  return cleanEnv(env, specs, {
    reporter: ({ errors }) => {
      const problems = Object.entries(errors).map(([name, error]) => `${name}: ${(error as Error).message}`);
      if (problems.length > 0) {
        throw new ConfigError(`Invalid environment: ${problems.join('; ')}`);
      }
    },
  });
}

/** Paths of a PEM certificate, its key and the CA that signs the peers: the files mutual TLS needs. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
  caFile: string;
}

/** Reads TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE: all three or none, so mTLS is never half on. */
export function parseTlsFiles(certFile: string, keyFile: string, caFile: string): TlsFiles | undefined {
  const given = [certFile, keyFile, caFile].filter((file) => file !== '').length;
  if (given === 0) return undefined;
  if (given < 3) {
    throw new ConfigError('Invalid environment: TLS_CERT_FILE, TLS_KEY_FILE and TLS_CA_FILE must be set together');
  }
  return { certFile, keyFile, caFile };
}

/** The envalid specs of the three TLS variables, shared by both services. */
export const TLS_ENV_SPECS = {
  TLS_CERT_FILE: str({ default: '', desc: 'PEM certificate this side presents (mutual TLS)' }),
  TLS_KEY_FILE: str({ default: '', desc: 'PEM private key of that certificate' }),
  TLS_CA_FILE: str({ default: '', desc: 'PEM CA that must have signed the peer' }),
};

/** What every listener of a service holds its connections to. */
export interface ConnectionLimits {
  /** A new connection's TLS handshake, and on HTTP ports its request head (else 408), must be done within this. */
  handshakeTimeoutMs: number;
  /** A connection with nothing in flight is closed after this; on gRPC ports, one that never starts a call too. */
  idleTimeoutMs: number;
  /** The SETTINGS_MAX_CONCURRENT_STREAMS every gRPC port advertises and enforces. */
  maxConcurrentStreams: number;
  /** The largest request metadata a gRPC call may carry (RFC 7541 sizes); RESOURCE_EXHAUSTED above it. */
  maxMetadataBytes: number;
}

/** The defaults of the connection variables; 8 KiB of metadata is grpc's C core's default, the original's. */
export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = {
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  maxConcurrentStreams: 100,
  maxMetadataBytes: 8192,
};

/** Each connection variable: the limit it sets, its range and its meaning. */
const CONNECTION_VARIABLES = {
  // At most 30 s: an HTTP request as a whole gets 30 s, and its head is part of it.
  HANDSHAKE_TIMEOUT_MS: [
    'handshakeTimeoutMs',
    100,
    30_000,
    'Time a new connection gets for its TLS handshake and, on HTTP ports, its request head',
  ],
  IDLE_TIMEOUT_MS: [
    'idleTimeoutMs',
    100,
    3_600_000,
    'A connection with nothing in flight (on gRPC ports, one that never starts a call) is closed after this',
  ],
  MAX_CONCURRENT_STREAMS: [
    'maxConcurrentStreams',
    1,
    10_000,
    'Concurrent calls per connection that gRPC ports advertise and allow',
  ],
  MAX_METADATA_BYTES: [
    'maxMetadataBytes',
    1024,
    65_536,
    'Largest request metadata of a gRPC call; RESOURCE_EXHAUSTED above it',
  ],
} as const satisfies Record<string, readonly [keyof ConnectionLimits, number, number, string]>;

type ConnectionVariable = keyof typeof CONNECTION_VARIABLES;

const connectionVariables = Object.entries(CONNECTION_VARIABLES) as [
  ConnectionVariable,
  (typeof CONNECTION_VARIABLES)[ConnectionVariable],
][];

/** The envalid specs of the connection variables, shared by both services. */
export const CONNECTION_ENV_SPECS = Object.fromEntries(
  connectionVariables.map(([name, [field, min, max, desc]]) => [
    name,
    intInRange(min, max)({ default: DEFAULT_CONNECTION_LIMITS[field], desc }),
  ]),
) as Record<ConnectionVariable, ReturnType<ReturnType<typeof intInRange>>>;

/** The connection limits from the parsed CONNECTION_ENV_SPECS variables. */
export function connectionLimits(parsed: Record<ConnectionVariable, number>): ConnectionLimits {
  return Object.fromEntries(
    connectionVariables.map(([name, [field]]) => [field, parsed[name]]),
  ) as unknown as ConnectionLimits;
}

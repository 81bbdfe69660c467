import * as grpc from '@grpc/grpc-js';
import { BookCategory, loadRecommendationsDefinition } from '@bookstore/shared';
import type { RecommendationRequest, RecommendationRequest__Output } from '@bookstore/shared';
import { CATALOGUE } from '../../src/catalogue';

/** The families of bad Recommend messages the fuzz loop sends, each counted in the output. */
export type FuzzKind =
  | 'random bytes'
  | 'mutated protobuf'
  | 'truncated protobuf'
  | 'out-of-range enum'
  | 'max_results edge'
  | 'oversized message';

/** One message to send and the family it belongs to. */
export interface FuzzCase {
  kind: FuzzKind;
  bytes: Buffer;
}

/** What the service must answer: a status and, for OK, how many books. */
export interface Expected {
  code: grpc.status;
  books?: number;
}

/** The contract's enum names (protobufs/recommendations.proto); any other number must be NOT_FOUND. */
// The oracle's categories come from the proto (its generated enum), not from the catalogue under test.
const CONTRACT_CATEGORIES: readonly string[] = Object.values(BookCategory);

/** The wire request, loosened so tests can encode enum numbers the contract does not define. */
type WireRequest = Omit<RecommendationRequest, 'category'> & { category?: string | number };

const recommendMethod = (
  loadRecommendationsDefinition().Recommendations as unknown as {
    Recommend: grpc.MethodDefinition<WireRequest, unknown>;
  }
).Recommend;

/** Encodes a request the way a client would, including enum numbers outside the contract. */
export function encodeRequest(request: WireRequest): Buffer {
  return recommendMethod.requestSerialize(request);
}

/** Decodes request bytes exactly as the server's proto-loader definition does; throws when undecodable. */
function decodeRequest(bytes: Buffer): RecommendationRequest__Output {
  return recommendMethod.requestDeserialize(bytes) as unknown as RecommendationRequest__Output;
}

/** mulberry32: a tiny deterministic PRNG, so a failing case can be replayed from the printed seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The oracle: the service's rules applied to what protobuf decodes from the bytes. Too large is
 * RESOURCE_EXHAUSTED and undecodable is INTERNAL (gRPC's status-code table for the library's own
 * errors); an unknown category is NOT_FOUND, a negative max_results INVALID_ARGUMENT, else OK.
 */
export function expectedFor(bytes: Buffer, maxReceiveBytes: number): Expected {
  if (bytes.length > maxReceiveBytes) return { code: grpc.status.RESOURCE_EXHAUSTED };
  let request: RecommendationRequest__Output;
  try {
    request = decodeRequest(bytes);
  } catch {
    return { code: grpc.status.INTERNAL };
  }
  if (!CONTRACT_CATEGORIES.includes(String(request.category))) return { code: grpc.status.NOT_FOUND };
  if (request.max_results < 0) return { code: grpc.status.INVALID_ARGUMENT };
  const inCategory = CATALOGUE.filter((book) => book.category === request.category).length;
  return { code: grpc.status.OK, books: Math.min(request.max_results, inCategory) };
}

/** Pads a valid request with an unknown length-delimited field (number 15) to exactly `total` bytes. */
export function padTo(request: Buffer, total: number): Buffer {
  for (let padding = total - request.length - 2; padding >= 0; padding -= 1) {
    const length = encodeVarint(padding);
    if (request.length + 1 + length.length + padding === total) {
      return Buffer.concat([request, Buffer.from([(15 << 3) | 2]), length, Buffer.alloc(padding, 0x61)]);
    }
  }
  throw new Error(`cannot pad a ${request.length}-byte request to ${total} bytes`);
}

/** Protobuf's base-128 varint of a non-negative integer. */
function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    bytes.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return Buffer.from(bytes);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * Builds the bounded corpus: `randomCount` random messages, as many valid ones with random bytes
 * overwritten (mostly still decodable, so they reach the service's own checks), and fixed edge cases.
 */
export function buildCorpus(seed: number, randomCount: number, maxReceiveBytes: number): FuzzCase[] {
  const random = seededRandom(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const valid = [
    encodeRequest({ user_id: 1, category: 'SCIENCE_FICTION', max_results: 3 }),
    encodeRequest({ user_id: INT32_MAX, category: 'SELF_HELP', max_results: INT32_MIN }),
    encodeRequest({ user_id: -1, category: 2, max_results: 300 }),
  ];
  const cases: FuzzCase[] = [];
  for (let i = 0; i < randomCount; i += 1) {
    const bytes = Buffer.alloc(pick(48));
    for (let b = 0; b < bytes.length; b += 1) bytes[b] = pick(256);
    cases.push({ kind: 'random bytes', bytes });
  }
  for (let i = 0; i < randomCount; i += 1) {
    const bytes = Buffer.from(valid[pick(valid.length)] ?? []);
    for (let flips = 1 + pick(3); flips > 0; flips -= 1) bytes[pick(bytes.length)] = pick(256);
    cases.push({ kind: 'mutated protobuf', bytes });
  }

  // Every proper prefix of the valid messages, including the 10-byte varints of negative numbers.
  for (const message of valid) {
    for (let length = 1; length < message.length; length += 1) {
      cases.push({ kind: 'truncated protobuf', bytes: message.subarray(0, length) });
    }
  }

  for (const category of [3, 4, 7, 100, 65_535, INT32_MAX, -1, INT32_MIN]) {
    cases.push({ kind: 'out-of-range enum', bytes: encodeRequest({ user_id: 1, category, max_results: 1 }) });
  }

  for (const max_results of [INT32_MIN, -1000, -1, 0, 1, 3, 4, 1000, INT32_MAX]) {
    cases.push({ kind: 'max_results edge', bytes: encodeRequest({ user_id: 1, category: 'MYSTERY', max_results }) });
  }

  const small = encodeRequest({ user_id: 1, category: 'MYSTERY', max_results: 1 });
  for (const total of [maxReceiveBytes, maxReceiveBytes + 1, maxReceiveBytes * 4, 1024 * 1024]) {
    cases.push({ kind: 'oversized message', bytes: padTo(small, total) });
  }
  return cases;
}

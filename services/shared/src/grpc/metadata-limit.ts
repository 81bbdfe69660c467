import * as grpc from '@grpc/grpc-js';

/** A header's size as HTTP/2 counts it (RFC 7541, 4.1): name and value octets plus 32. */
const HEADER_OVERHEAD = 32;

/** The size of a call's request metadata as it came over the wire. */
export function metadataBytes(metadata: grpc.Metadata): number {
  // Every call pays this, so it reads the entries as they are (toJSON copies no value) and computes the wire
  // form's length instead of building it: a binary value travels as padded base64, and any other value is
  // printable ASCII (grpc-js drops one that is not), one octet per character.
  const entries = metadata.toJSON();
  let size = 0;
  for (const name in entries) {
    for (const value of entries[name] ?? []) {
      const octets = typeof value === 'string' ? value.length : Math.ceil(value.length / 3) * 4;
      size += name.length + octets + HEADER_OVERHEAD;
    }
  }
  return size;
}

/**
 * The status that refuses a call whose request metadata is over `maxBytes`, as grpc's C core does (8 KiB by
 * default), or undefined when it is within. grpc-js enforces no limit of its own (grpc/grpc-node#2050).
 */
export function metadataLimitStatus(metadata: grpc.Metadata, maxBytes: number): grpc.StatusObject | undefined {
  const size = metadataBytes(metadata);
  if (size <= maxBytes) return undefined;
  return {
    code: grpc.status.RESOURCE_EXHAUSTED,
    details: `Request metadata of ${size} bytes is over the limit of ${maxBytes} bytes`,
    metadata: new grpc.Metadata(),
  };
}

import * as grpc from '@grpc/grpc-js';

/** A header's size as HTTP/2 counts it (RFC 7541, 4.1): name and value octets plus 32. */
const HEADER_OVERHEAD = 32;

/** The size of a call's request metadata as it came over the wire. */
export function metadataBytes(metadata: grpc.Metadata): number {
  const headers = metadata.toHttp2Headers();
  let size = 0;
  // Every call pays this: a plain loop, without an array of entries and one per single value.
  for (const name in headers) {
    const values = headers[name];
    if (!Array.isArray(values)) {
      size += name.length + Buffer.byteLength(String(values)) + HEADER_OVERHEAD;
      continue;
    }
    for (const value of values) size += name.length + Buffer.byteLength(String(value)) + HEADER_OVERHEAD;
  }
  return size;
}

/**
 * Answers a call whose request metadata is over `maxBytes` with RESOURCE_EXHAUSTED before any handler sees
 * it, as grpc's C core does (8 KiB by default). grpc-js enforces no limit of its own (grpc/grpc-node#2050).
 * It must be the server's last interceptor, the outermost: its status then passes through the others
 * (metrics count the call as handled).
 */
export function metadataLimitInterceptor(maxBytes: number): grpc.ServerInterceptor {
  return (_method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, nextMetadata) => {
            const size = metadataBytes(metadata);
            if (size <= maxBytes) {
              nextMetadata(metadata);
              return;
            }
            call.sendStatus({
              code: grpc.status.RESOURCE_EXHAUSTED,
              details: `Request metadata of ${size} bytes is over the limit of ${maxBytes} bytes`,
              metadata: new grpc.Metadata(),
            });
          },
        }),
    });
}

import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { metadataBytes, metadataLimitStatus } from '@bookstore/shared';

describe('metadataBytes', () => {
  it('counts name and value octets plus 32 per header, as HTTP/2 does', () => {
    const metadata = new grpc.Metadata();
    metadata.set('ab', 'cde');
    expect(metadataBytes(metadata)).toBe(2 + 3 + 32);
  });

  it('counts every value of a repeated header', () => {
    const metadata = new grpc.Metadata();
    metadata.add('k', 'x');
    metadata.add('k', 'yz');
    expect(metadataBytes(metadata)).toBe(1 + 1 + 32 + (1 + 2 + 32));
  });

  it('counts a binary header as its base64 form on the wire', () => {
    const metadata = new grpc.Metadata();
    metadata.set('k-bin', Buffer.from([1, 2, 3]));
    expect(metadataBytes(metadata)).toBe(5 + 4 + 32);
  });

  it('is 0 for no metadata', () => {
    expect(metadataBytes(new grpc.Metadata())).toBe(0);
  });
});

describe('metadataLimitStatus', () => {
  const withValue = (bytes: number) => {
    const metadata = new grpc.Metadata();
    metadata.set('x', 'a'.repeat(bytes));
    return metadata;
  };

  it('is undefined for metadata at the limit', () => {
    expect(metadataLimitStatus(withValue(100), 1 + 100 + 32)).toBeUndefined();
  });

  it('is RESOURCE_EXHAUSTED, naming the size and the limit, one byte over it', () => {
    expect(metadataLimitStatus(withValue(101), 1 + 100 + 32)).toMatchObject({
      code: grpc.status.RESOURCE_EXHAUSTED,
      details: 'Request metadata of 134 bytes is over the limit of 133 bytes',
    });
  });
});

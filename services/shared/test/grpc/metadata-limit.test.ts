import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { metadataBytes } from '@bookstore/shared';

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

import * as descriptor from 'protobufjs/ext/descriptor';
import { describe, expect, it } from 'vitest';
import { loadHealthDefinition } from '@bookstore/shared';
import type * as protoLoader from '@grpc/proto-loader';
import { isTypeDefinition, withMapEntryNames } from '../../src/grpc/reflection';

interface Message {
  name: string;
  field: { name: string; typeName?: string }[];
  nestedType: Message[];
}

/** HealthListResponse as the definition's file descriptor declares it. */
function healthListResponse(definition: protoLoader.PackageDefinition): Message {
  const entry = definition['grpc.health.v1.HealthListResponse'];
  if (!entry || !isTypeDefinition(entry)) throw new Error('no HealthListResponse in the health definition');
  for (const bytes of entry.fileDescriptorProtos) {
    const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as { messageType: Message[] };
    const message = file.messageType.find((m) => m.name === 'HealthListResponse');
    if (message) return message;
  }
  throw new Error('HealthListResponse is in no file descriptor');
}

describe('withMapEntryNames', () => {
  it('names the implicit entry of a map field <Field>Entry, and points the field at it', () => {
    const message = healthListResponse(withMapEntryNames(loadHealthDefinition()));
    expect(message.nestedType.map((m) => m.name)).toEqual(['StatusesEntry']);
    expect(message.field.find((f) => f.name === 'statuses')?.typeName).toBe('StatusesEntry');
  });

  it('is needed: proto-loader (protobufjs) still names the entry after the field', () => {
    expect(healthListResponse(loadHealthDefinition()).nestedType.map((m) => m.name)).toEqual(['Statuses']);
  });

  it('leaves every other entry of the definition as it was', () => {
    const original = loadHealthDefinition();
    const fixed = withMapEntryNames(original);
    expect(Object.keys(fixed)).toEqual(Object.keys(original));
    expect(fixed['grpc.health.v1.Health']).toBe(original['grpc.health.v1.Health']);
  });
});

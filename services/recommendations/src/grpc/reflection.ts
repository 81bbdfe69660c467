import type * as grpc from '@grpc/grpc-js';
import type * as protoLoader from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import * as descriptor from 'protobufjs/ext/descriptor';

/** The parts of a decoded FileDescriptorProto / DescriptorProto this module reads and renames. */
interface MessageDescriptor {
  name?: string;
  field?: { typeName?: string }[];
  nestedType?: MessageDescriptor[];
  options?: { mapEntry?: boolean };
}

/**
 * Workaround for protobufjs (its ext/descriptor, up to 8.8.1 at least): the implicit entry type of a map
 * field is named after the field (`Statuses`) where protobuf requires `<Field>Entry` (`StatusesEntry`).
 * Go's protobuf, hence grpcurl, rejects such a descriptor ("is an invalid map: incorrect implicit map
 * entry name"); grpc.health.v1's HealthListResponse has one. https://github.com/fullstorydev/grpcurl/issues/519
 */
function nameMapEntries(message: MessageDescriptor): void {
  for (const nested of message.nestedType ?? []) {
    nameMapEntries(nested);
    if (!nested.options?.mapEntry || !nested.name || nested.name.endsWith('Entry')) continue;
    const wrong = nested.name;
    nested.name = `${wrong}Entry`;
    for (const field of message.field ?? []) if (field.typeName === wrong) field.typeName = nested.name;
  }
}

/** The file descriptors of a definition with map entries named as protobuf requires (see nameMapEntries). */
export function withMapEntryNames(definition: protoLoader.PackageDefinition): protoLoader.PackageDefinition {
  const fixed = new Map<readonly Buffer[], Buffer[]>();
  const fix = (files: readonly Buffer[]) => {
    const known = fixed.get(files);
    if (known) return known;
    const rewritten = files.map((bytes) => {
      const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as { messageType?: MessageDescriptor[] };
      nameMapEntries({ nestedType: file.messageType ?? [] });
      return Buffer.from(descriptor.FileDescriptorProto.encode(file).finish());
    });
    fixed.set(files, rewritten);
    return rewritten;
  };
  return Object.fromEntries(
    Object.entries(definition).map(([name, entry]) => [
      name,
      isTypeDefinition(entry) ? { ...entry, fileDescriptorProtos: fix(entry.fileDescriptorProtos) } : entry,
    ]),
  );
}

/** Messages and enums carry the file descriptors; services are records of methods and do not. */
export function isTypeDefinition(
  entry: protoLoader.AnyDefinition,
): entry is protoLoader.MessageTypeDefinition<object, object> | protoLoader.EnumTypeDefinition {
  return typeof entry.format === 'string';
}

/**
 * Workaround for @grpc/reflection 1.0.4 (the latest): it keys the symbols of a file without a `package`
 * with a leading dot, so `grpcurl list` prints `.Recommendations` and looking up `Recommendations` fails
 * ("target server does not expose service"). The fully qualified name has no leading dot. The keys are built
 * in packages/grpc-reflection/src/implementations/common/protobuf-visitor.ts as `${package}.${name}`; the
 * library's handling of package-less files: https://github.com/grpc/grpc-node/issues/2671 and
 * https://github.com/grpc/grpc-node/issues/2934. Its indexes are private, so this relies on their names;
 * the grpcurl test (test/reflection-grpcurl.test.ts) fails if an upgrade moves them.
 */
function dropLeadingDots(reflection: ReflectionService): void {
  type Index = Record<string, unknown>;
  for (const implementation of Object.values(reflection) as { symbols?: Index; services?: Index }[]) {
    for (const [index, keepDotted] of [
      [implementation.symbols, true],
      [implementation.services, false],
    ] as const) {
      for (const name of Object.keys(index ?? {})) {
        if (!index || !name.startsWith('.')) continue;
        index[name.slice(1)] = index[name];
        if (!keepDotted) delete index[name];
      }
    }
  }
}

/** Adds gRPC server reflection (v1 and v1alpha) for `definition`, with both workarounds above applied. */
export function addReflection(server: grpc.Server, definition: protoLoader.PackageDefinition): void {
  const reflection = new ReflectionService(withMapEntryNames(definition));
  dropLeadingDots(reflection);
  reflection.addToServer(server);
}

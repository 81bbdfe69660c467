import http2 from 'node:http2';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';

/** How a call ended: its status and, on success, the raw response message. */
export interface RawOutcome {
  code: grpc.status;
  details: string;
  response?: Buffer;
}

/** A client that sends and receives message bytes as they are, with no protobuf in between. */
export function rawClient(target: string, credentials = grpc.credentials.createInsecure()): grpc.Client {
  return new grpc.Client(target, credentials);
}

/**
 * Calls unary method `path` with `message` as the request bytes and resolves with how it ended; it never
 * rejects, so a fuzz loop can tally every status. The deadline bounds a server that does not answer; `metadata`
 * goes with the request.
 */
export function rawUnary(
  client: grpc.Client,
  path: string,
  message: Buffer,
  deadlineMs = 3000,
  metadata = new grpc.Metadata(),
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      message,
      metadata,
      { deadline: Date.now() + deadlineMs },
      (error, response) => {
        if (error) resolve({ code: error.code, details: error.details });
        else resolve({ code: grpc.status.OK, details: 'OK', ...(response ? { response } : {}) });
      },
    );
  });
}

/** A gRPC length-prefixed frame; `declaredLength` lets a test lie about the size. */
export function grpcFrame(message: Buffer, declaredLength = message.length): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0);
  prefix.writeUInt32BE(declaredLength, 1);
  return Buffer.concat([prefix, message]);
}

/** What a raw HTTP/2 request got: the HTTP status and the gRPC status, from headers or trailers. */
export interface Http2Outcome {
  httpStatus: number;
  grpcStatus: number | undefined;
}

/**
 * Sends one HTTP/2 POST with exactly these headers and body, below grpc-js's client, which would never
 * send a wrong content type. Rejects on a connection error or after `timeoutMs`.
 */
export function rawHttp2(
  port: number,
  headers: http2.OutgoingHttpHeaders,
  body: Buffer,
  timeoutMs = 3000,
): Promise<Http2Outcome> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const timer = setTimeout(() => session.destroy(new Error(`no HTTP/2 reply within ${timeoutMs} ms`)), timeoutMs);
    const finish = (error: Error | undefined, outcome?: Http2Outcome) => {
      clearTimeout(timer);
      session.close();
      if (error || !outcome) reject(error ?? new Error('no outcome'));
      else resolve(outcome);
    };
    session.on('error', (error: Error) => finish(error));
    const stream = session.request({ ':method': 'POST', ...headers });
    const outcome: Http2Outcome = { httpStatus: 0, grpcStatus: undefined };
    const readGrpcStatus = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) outcome.grpcStatus = Number(h['grpc-status']);
    };
    stream.on('response', (h) => {
      outcome.httpStatus = Number(h[':status']);
      readGrpcStatus(h);
    });
    stream.on('trailers', readGrpcStatus);
    stream.on('data', () => {});
    stream.on('error', (error: Error) => finish(error));
    stream.on('close', () => finish(undefined, outcome));
    stream.end(body);
  });
}

/** An HPACK integer with an `prefixBits`-bit prefix (RFC 7541, 5.1), the first byte OR-ed with `flags`. */
function hpackInteger(value: number, prefixBits: number, flags = 0): Buffer {
  const max = 2 ** prefixBits - 1;
  if (value < max) return Buffer.from([flags | value]);
  const bytes = [flags | max];
  for (let rest = value - max; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      bytes.push(rest);
      break;
    }
    bytes.push((rest % 128) | 0x80);
  }
  return Buffer.from(bytes);
}

/** An HPACK string literal, not Huffman-coded: how grpc's C core sends a long value. */
const hpackString = (text: string) => Buffer.concat([hpackInteger(Buffer.byteLength(text), 7), Buffer.from(text)]);

/** One HTTP/2 frame. */
function http2Frame(type: number, flags: number, streamId: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head.writeUInt8(type, 3);
  head.writeUInt8(flags, 4);
  head.writeUInt32BE(streamId, 5);
  return Buffer.concat([head, payload]);
}

/**
 * Opens a raw HTTP/2 connection and starts a gRPC call to `path` whose metadata holds one header `valueBytes`
 * long, sent as a plain literal in HEADERS and CONTINUATION frames, below any client library. Resolves with
 * how long the server kept the connection open afterwards, or -1 if it was still open after `waitMs`.
 */
export function sendOneHugeHeader(port: number, path: string, valueBytes: number, waitMs: number): Promise<number> {
  const block = Buffer.concat([
    Buffer.from([0x83, 0x86]), // :method POST, :scheme http (static table)
    hpackInteger(4, 4),
    hpackString(path), // :path
    hpackInteger(1, 4),
    hpackString(`127.0.0.1:${port}`), // :authority
    hpackInteger(31, 4),
    hpackString('application/grpc'), // content-type
    Buffer.from([0x00]),
    hpackString('te'),
    hpackString('trailers'),
    Buffer.from([0x00]),
    hpackString('x-huge'),
    hpackString('a'.repeat(valueBytes)),
  ]);
  const frames: Buffer[] = [];
  for (let offset = 0; offset < block.length; offset += 16_384) {
    const last = offset + 16_384 >= block.length;
    frames.push(http2Frame(offset === 0 ? 0x1 : 0x9, last ? 0x4 : 0, 1, block.subarray(offset, offset + 16_384)));
  }
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let sentAt = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(-1);
    }, waitMs);
    socket.on('error', () => {});
    socket.on('data', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(performance.now() - sentAt);
    });
    socket.on('connect', () => {
      sentAt = performance.now();
      socket.write(
        Buffer.concat([
          Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
          http2Frame(0x4, 0, 0, Buffer.alloc(0)),
          ...frames,
        ]),
      );
    });
  });
}

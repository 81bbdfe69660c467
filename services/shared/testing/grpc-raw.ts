import http2 from 'node:http2';
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
 * rejects, so a fuzz loop can tally every status. The deadline bounds a server that does not answer.
 */
export function rawUnary(client: grpc.Client, path: string, message: Buffer, deadlineMs = 3000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (bytes: Buffer) => bytes,
      (bytes: Buffer) => bytes,
      message,
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

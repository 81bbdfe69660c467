import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { callMetrics } from './call-metrics';
import { metadataLimitStatus } from './metadata-limit';

/** What a server's call layer enforces and records. */
export interface ServerCallOptions {
  /** Request metadata over this many bytes is answered with RESOURCE_EXHAUSTED before any handler sees it. */
  maxMetadataBytes: number;
  /** Where `grpc_server_*` of every call are recorded; without one (the health-only server) none are. */
  registry?: Registry;
}

type Call = grpc.ServerInterceptingCallInterface;
type Listener = Parameters<Call['start']>[0];

/**
 * One call's layer: it forwards every method to the call inside it and hooks only the request metadata, the
 * cancellation and the status. grpc-js's ServerInterceptingCall does the same through responder and listener
 * objects that queue events for hooks that may answer later; these answer at once, and that machinery cost
 * the Recommend RPC about a tenth of its CPU per layer (bench/README.md).
 */
class ServerCallLayer implements Call {
  private refused = false;
  private finished = false;

  constructor(
    private readonly next: Call,
    private readonly maxMetadataBytes: number,
    private readonly end: ((code: grpc.status) => void) | undefined,
  ) {}

  start(listener: Listener): void {
    this.next.start({
      onReceiveMetadata: (metadata) => {
        const refusal = metadataLimitStatus(metadata, this.maxMetadataBytes);
        if (!refusal) {
          listener.onReceiveMetadata(metadata);
          return;
        }
        // The handler never starts: what the client sends after its metadata goes nowhere.
        this.refused = true;
        this.sendStatus(refusal);
      },
      onReceiveMessage: (message: unknown) => {
        if (!this.refused) listener.onReceiveMessage(message);
      },
      onReceiveHalfClose: () => {
        if (!this.refused) listener.onReceiveHalfClose();
      },
      onCancel: () => {
        this.finish(grpc.status.CANCELLED);
        listener.onCancel();
      },
    });
  }

  sendStatus(status: Parameters<Call['sendStatus']>[0]): void {
    this.finish(status.code);
    this.next.sendStatus(status);
  }

  sendMetadata(metadata: grpc.Metadata): void {
    this.next.sendMetadata(metadata);
  }

  sendMessage(message: unknown, callback: () => void): void {
    this.next.sendMessage(message, callback);
  }

  startRead(): void {
    this.next.startRead();
  }

  getPeer() {
    return this.next.getPeer();
  }

  getDeadline() {
    return this.next.getDeadline();
  }

  getHost() {
    return this.next.getHost();
  }

  getAuthContext() {
    return this.next.getAuthContext();
  }

  getConnectionInfo() {
    return this.next.getConnectionInfo();
  }

  getMetricsRecorder() {
    return this.next.getMetricsRecorder();
  }

  /** A call ends once: with a status, or cancelled by the client or its deadline, when no status goes out. */
  private finish(code: grpc.status): void {
    if (this.finished) return;
    this.finished = true;
    this.end?.(code);
  }
}

/**
 * The one layer every call of a server passes through: it refuses oversized request metadata and records
 * `grpc_server_started_total`, `grpc_server_handled_total` and `grpc_server_handling_seconds`, refusals
 * included, so no handler has to. It must be the server's last interceptor, the outermost, so a refusal
 * reaches no other.
 */
export function serverCallInterceptor({ maxMetadataBytes, registry }: ServerCallOptions): grpc.ServerInterceptor {
  const begin = registry && callMetrics(registry, 'server');
  // grpc-js types an interceptor's result as its class but chains any implementation of the interface.
  return (method, call) =>
    new ServerCallLayer(
      call,
      maxMetadataBytes,
      begin?.(method.path, method.requestStream, method.responseStream),
    ) as unknown as grpc.ServerInterceptingCall;
}

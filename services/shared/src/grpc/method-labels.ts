import * as grpc from '@grpc/grpc-js';

/** The labels the grpc-ecosystem (go-grpc-prometheus) convention puts on every gRPC metric. */
export interface MethodLabels {
  grpc_type: 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';
  grpc_service: string;
  grpc_method: string;
}

/** Derives the convention's labels from a method's wire path (`/Service/Method`) and streaming flags. */
export function methodLabels(path: string, requestStream: boolean, responseStream: boolean): MethodLabels {
  const [, service = 'unknown', method = 'unknown'] = path.split('/');
  const grpc_type =
    requestStream && responseStream
      ? 'bidi_stream'
      : requestStream
        ? 'client_stream'
        : responseStream
          ? 'server_stream'
          : 'unary';
  return { grpc_type, grpc_service: service, grpc_method: method };
}

/** The status code's name as the convention writes it (`OK`, `NOT_FOUND`, ...). */
export function codeName(code: grpc.status): string {
  return grpc.status[code] ?? 'UNKNOWN';
}

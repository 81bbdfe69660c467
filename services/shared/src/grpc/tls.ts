import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { TlsFiles } from '../config';

/**
 * createSsl's credentials plus Node's TLS `handshakeTimeout`, which grpc-js has no option for: without it a
 * connection that never completes its handshake is held for Node's default 120 s. grpc-js passes a
 * credentials object's constructor options to http2.createSecureServer, so this adds the one option.
 */
class HandshakeLimitedCredentials extends grpc.ServerCredentials {
  constructor(ssl: grpc.ServerCredentials, handshakeTimeout: number) {
    super({ ...ssl._getConstructorOptions(), handshakeTimeout }, ssl._getSecureContextOptions() ?? undefined);
  }

  override _equals(other: grpc.ServerCredentials): boolean {
    return other === this;
  }
}

/**
 * Server credentials: plaintext without files; with them, mutual TLS that requires and verifies client
 * certs and gives a connection `handshakeTimeoutMs` to complete its handshake.
 */
export function serverCredentials(tls: TlsFiles | undefined, handshakeTimeoutMs: number): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const ssl = grpc.ServerCredentials.createSsl(
    fs.readFileSync(tls.caFile),
    [{ cert_chain: fs.readFileSync(tls.certFile), private_key: fs.readFileSync(tls.keyFile) }],
    true,
  );
  return new HandshakeLimitedCredentials(ssl, handshakeTimeoutMs);
}

/** Channel credentials: plaintext without files; with them, present our certificate and verify the server's. */
export function channelCredentials(tls: TlsFiles | undefined): grpc.ChannelCredentials {
  if (!tls) return grpc.credentials.createInsecure();
  return grpc.credentials.createSsl(
    fs.readFileSync(tls.caFile),
    fs.readFileSync(tls.keyFile),
    fs.readFileSync(tls.certFile),
  );
}

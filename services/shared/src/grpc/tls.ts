import fs from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import type { TlsFiles } from '../config';

/** Server credentials: plaintext without files; with them, mutual TLS that requires and verifies client certs. */
export function serverCredentials(tls: TlsFiles | undefined): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(
    fs.readFileSync(tls.caFile),
    [{ cert_chain: fs.readFileSync(tls.certFile), private_key: fs.readFileSync(tls.keyFile) }],
    true,
  );
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

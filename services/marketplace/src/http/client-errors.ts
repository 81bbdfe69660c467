import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Render } from '../views';
import { securityHeaderLines } from './security-headers';

/** Writes a complete HTML error response straight to a socket and closes it, for requests Koa never sees. */
function answerRaw(
  socket: Duplex,
  render: Render,
  securityHeaders: readonly string[],
  status: number,
  message: string,
  extraHeaders: string[] = [],
): void {
  const title = http.STATUS_CODES[status] ?? 'Bad Request';
  const body = render('error.njk', { status, title, message });
  socket.end(
    [
      `HTTP/1.1 ${status} ${title}`,
      'Content-Type: text/html; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      ...securityHeaders,
      ...extraHeaders,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

/**
 * The status of each parser or server error that is not a plain 400: headers too large (431), and a request
 * head that did not arrive within the server's headersTimeout (408, Node's ERR_HTTP_REQUEST_TIMEOUT).
 */
const CLIENT_ERROR_STATUS: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };

/**
 * Answers requests Node's parser rejects before Koa sees them (oversized headers or URL, malformed
 * request lines, a head too slow to arrive) with a clean 4xx page instead of a bare status line or a
 * dropped socket. CONNECT is handed to a separate event and, without a listener, Node drops the socket
 * silently: it gets a 405.
 */
export function answerClientErrors(server: http.Server, render: Render): void {
  const securityHeaders = securityHeaderLines();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
    const message = status === 408 ? 'The request took too long to arrive.' : 'The request could not be read.';
    answerRaw(socket, render, securityHeaders, status, message);
  });
  server.on('connect', (_request: http.IncomingMessage, socket: Duplex) => {
    answerRaw(socket, render, securityHeaders, 405, 'This site is not a proxy.', ['Allow: GET, HEAD, OPTIONS']);
  });
}

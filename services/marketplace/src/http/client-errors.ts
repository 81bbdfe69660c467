import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Render } from '../views';

/**
 * Answers requests Node's parser rejects before Koa sees them (oversized headers or URL, malformed
 * request lines) with a clean 4xx page instead of a bare status line or a dropped socket.
 */
export function answerClientErrors(server: http.Server, render: Render): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const title = http.STATUS_CODES[status] ?? 'Bad Request';
    const body = render('error.njk', { status, title, message: 'The request could not be read.' });
    socket.end(
      [
        `HTTP/1.1 ${status} ${title}`,
        'Content-Type: text/html; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        "Content-Security-Policy: default-src 'none'; style-src 'self'; frame-ancestors 'none'",
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    );
  });
}

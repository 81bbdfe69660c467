import net from 'node:net';

/** What came back on a raw HTTP/1.1 connection: the parsed head and the body as text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `request` byte for byte over a fresh TCP connection and reads the reply until the server closes it.
 * Node's own clients validate and normalise what they send; bad-input tests need to send what they refuse.
 * The request should say `Connection: close`; the read stops after `timeoutMs` either way.
 */
export function rawHttp(
  port: number,
  request: string | Buffer,
  timeoutMs = 5000,
  host = '127.0.0.1',
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host });
    const timer = setTimeout(() => socket.destroy(new Error(`no complete reply within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    // No half-close: Node's HTTP server drops a pending reply when the client ends its side first.
    socket.write(request);
  });
}

/** Splits a raw reply into status, lower-cased headers and body; throws when there is no status line. */
export function parseResponse(raw: Buffer): RawResponse {
  const text = raw.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const head = headEnd === -1 ? text : text.slice(0, headEnd);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!match) throw new Error(`no HTTP status line in reply: ${JSON.stringify(text.slice(0, 200))}`);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  // latin1 maps each byte to one character, so text offsets are byte offsets.
  const body = headEnd === -1 ? '' : raw.subarray(headEnd + 4).toString('utf8');
  return { status: Number(match[1]), headers, body };
}

/** The families of bad HTTP requests the suite sends, each counted in the output. */
export type HttpKind =
  | 'unknown path'
  | 'unknown method'
  | 'malformed query'
  | 'repeated query'
  | 'oversized header'
  | 'oversized URL'
  | 'unicode and percent-encoding'
  | 'malformed request';

/** One raw request and the exact 4xx it must get. */
export interface HttpCase {
  kind: HttpKind;
  request: string | Buffer;
  status: number;
}

/** A request with the given request line and extra header lines; every case closes its connection. */
export function requestOf(requestLine: string, headers: string[] = []): string {
  return [requestLine, 'Host: marketplace', ...headers, 'Connection: close', '', ''].join('\r\n');
}

const get = (target: string) => requestOf(`GET ${target} HTTP/1.1`);

/** The bounded corpus of bad requests; each one must get its 4xx and a clean page. */
export function httpCorpus(): HttpCase[] {
  const cases: HttpCase[] = [];
  const add = (kind: HttpKind, status: number, requests: (string | Buffer)[]) => {
    for (const request of requests) cases.push({ kind, request, status });
  };

  add(
    'unknown path',
    404,
    [
      '/nope',
      '/index.html',
      '/admin',
      '/.env',
      '/.git/config',
      '/metrics',
      '/categories',
      '/categories/',
      '/static/',
      '/static/nope.css',
      '/static/../package.json',
      '/static/..%2f..%2fpackage.json',
      '/static/%2e%2e/%2e%2e/etc/passwd',
      '//evil.example/',
      '/%00',
      '/static/style.css%00.svg',
      '/<script>alert(1)</script>',
      '/healthz/../readyz/x',
    ].map(get),
  );
  add(
    'unknown path',
    400,
    ['/categories/romance', '/categories/MYSTERY', '/categories/__proto__', '/categories/constructor'].map(get),
  );

  add(
    'unknown method',
    405,
    ['POST', 'PUT', 'PATCH', 'DELETE'].map((m) => requestOf(`${m} / HTTP/1.1`, ['Content-Length: 0'])),
  );
  add(
    'unknown method',
    405,
    ['TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'LINK', 'SEARCH'].map((m) => requestOf(`${m} / HTTP/1.1`)),
  );
  add('unknown method', 405, [requestOf('TRACE /nope HTTP/1.1'), requestOf('CONNECT marketplace:443 HTTP/1.1')]);
  add('unknown method', 400, [requestOf('FOO / HTTP/1.1'), requestOf('get / HTTP/1.1'), requestOf('G@T / HTTP/1.1')]);

  add(
    'malformed query',
    400,
    [
      '/?limit=',
      '/?limit',
      '/?limit=abc',
      '/?limit=0',
      '/?limit=11',
      '/?limit=-1',
      '/?limit=1.5',
      '/?limit=1e1',
      '/?limit=0x3',
      '/?limit=%ZZ',
      '/?limit=%',
      '/?limit=%00',
      '/?limit=3%00',
      '/?limit=%2B3',
      '/?limit=+3',
      '/?limit=%20%203',
      '/?limit=%3Cscript%3E',
      `/?limit=${'9'.repeat(4000)}`,
      '/categories/self-help?limit=abc',
    ].map(get),
  );

  add(
    'repeated query',
    400,
    [
      '/?limit=1&limit=2',
      '/?limit=1&limit=1',
      '/?limit=&limit=',
      '/?limit=2&LIMIT=3&limit=3',
      '/categories/mystery?limit=1&limit=2',
    ].map(get),
  );

  add('oversized header', 431, [
    requestOf('GET / HTTP/1.1', [`X-Big: ${'a'.repeat(20_000)}`]),
    requestOf('GET / HTTP/1.1', [`Cookie: ${'c=1; '.repeat(5000)}`]),
    requestOf(
      'GET / HTTP/1.1',
      Array.from({ length: 2000 }, (_, i) => `X-Many-${i}: ${'v'.repeat(8)}`),
    ),
  ]);

  add(
    'oversized URL',
    431,
    [`/${'a'.repeat(20_000)}`, `/?limit=1&pad=${'b'.repeat(20_000)}`, `/categories/${'%41'.repeat(7000)}`].map(get),
  );

  add(
    'unicode and percent-encoding',
    400,
    [
      '/categories/%E2%80%AEmystery',
      '/categories/myst%C3%A9ry',
      '/categories/%EF%BD%8D%EF%BD%99stery',
      '/categories/%C0%AE%C0%AE',
      '/categories/%ZZ',
      '/categories/%',
      '/categories/%00',
      '/categories/mystery%00',
      '/categories/%F0%9F%93%9A',
      '/categories/%3Cscript%3E',
      '/?limit=%EF%BC%93',
      '/?limit=%D9%A3',
      '/categories/science%2Dfiction%2F..',
    ].map(get),
  );
  add('unicode and percent-encoding', 400, [
    Buffer.from(get('/categories/mystère'), 'utf8'),
    Buffer.from(get('/📚'), 'utf8'),
    Buffer.concat([
      Buffer.from('GET /'),
      Buffer.from([0xc0, 0xae, 0xff]),
      Buffer.from(' HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n'),
    ]),
  ]);

  add('malformed request', 400, [
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\nHost: m\r\nConnection: close\r\n\r\n',
    'GET /\t HTTP/1.1\r\nHost: m\r\nConnection: close\r\n\r\n',
    'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
    requestOf('GET / HTTP/1.1', ['Host: other']),
    requestOf('GET / HTTP/1.1', ['Bad Header: y']),
    requestOf('GET / HTTP/1.1', ['X-Nul: a\u0000b']),
    requestOf('GET / HTTP/1.1', ['Content-Length: 5', 'Transfer-Encoding: chunked']),
    requestOf('GET / HTTP/1.1', ['Content-Length: 1', 'Content-Length: 2']),
    requestOf('GET / HTTP/1.1', ['Transfer-Encoding: chunked, identity']),
  ]);
  return cases;
}

/** Odd but harmless requests: answered with the normal page (200), nothing reflected. */
export const HARMLESS_REQUESTS = [
  get('/?utm_source=%3Cscript%3Ealert(1)%3C%2Fscript%3E'),
  get('/?limit[]=5'),
  get('/?__proto__[limit]=5'),
  get('/?constructor=1&toString=2'),
  get('/?LIMIT=99'),
  get('http://marketplace/'),
  requestOf('GET / HTTP/1.1', ['Upgrade: websocket']),
  requestOf('HEAD / HTTP/1.1'),
  requestOf('OPTIONS / HTTP/1.1'),
];

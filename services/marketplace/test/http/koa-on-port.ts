import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What serveKoa needs of a Koa app, whatever its context type. */
interface Servable {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
}

/** Serves `koa` on a loopback port 0; returns its base URL and how to close it. */
export async function serveKoa(koa: Servable): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const handle = koa.callback();
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

import http2 from 'node:http2';
import net from 'node:net';

/** Silent connections to one port: they connect and never send a byte. */
export interface SilentConnections {
  /** Resolves with each connection's lifetime in ms once the server closed it, or -1 for one still open after `waitMs`. */
  lifetimes(waitMs: number): Promise<number[]>;
  /** Destroys any connection still open. */
  destroy(): void;
}

/** Opens `count` TCP connections to 127.0.0.1:`port` that send nothing, as a slowloris or a port scanner does. */
export async function openSilentConnections(port: number, count: number): Promise<SilentConnections> {
  const sockets = await Promise.all(
    Array.from({ length: count }, () => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      const openedAt = performance.now();
      const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now() - openedAt)));
      socket.on('error', () => {});
      // Whatever the server sends (a SETTINGS frame, a 408) is read and dropped; the client stays silent.
      socket.on('data', () => {});
      return new Promise<{ socket: net.Socket; closed: Promise<number> }>((resolve, reject) => {
        socket.once('connect', () => resolve({ socket, closed }));
        socket.once('error', reject);
      });
    }),
  );
  return {
    lifetimes: (waitMs) => {
      const giveUp = new Promise<number>((resolve) => setTimeout(() => resolve(-1), waitMs).unref());
      return Promise.all(sockets.map(({ closed }) => Promise.race([closed, giveUp])));
    },
    destroy: () => {
      for (const { socket } of sockets) socket.destroy();
    },
  };
}

/** The SETTINGS_MAX_CONCURRENT_STREAMS an HTTP/2 server at 127.0.0.1:`port` advertises (undefined: no limit). */
export function advertisedMaxConcurrentStreams(port: number, timeoutMs = 5000): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const timer = setTimeout(() => session.destroy(new Error(`no SETTINGS from port ${port} within ${timeoutMs} ms`)), timeoutMs);
    session.on('error', (error: Error) => {
      clearTimeout(timer);
      reject(error);
    });
    session.once('remoteSettings', (settings: http2.Settings) => {
      clearTimeout(timer);
      session.close();
      // nghttp2 reports the protocol's "unlimited" initial value when the server sent none.
      const limit = settings.maxConcurrentStreams;
      resolve(limit === undefined || limit >= 2 ** 32 - 1 ? undefined : limit);
    });
  });
}

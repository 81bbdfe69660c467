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
      const closed = new Promise<number>((resolve) =>
        socket.once('close', () => resolve(performance.now() - openedAt)),
      );
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
    const timer = setTimeout(
      () => session.destroy(new Error(`no SETTINGS from port ${port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
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

/**
 * Short connection limits for a process under test, as its environment, so a test sees them act: a silent
 * connection is closed after 1 s on HTTP ports (the handshake) and 1.5 s on gRPC ports (idle).
 */
export const SHORT_CONNECTION_LIMITS = {
  HANDSHAKE_TIMEOUT_MS: '1000',
  IDLE_TIMEOUT_MS: '1500',
  MAX_CONCURRENT_STREAMS: '7',
};

/**
 * When a silent connection is closed under SHORT_CONNECTION_LIMITS, by kind of port: on an HTTP port the
 * request head is the handshake; on a gRPC port a connection that starts no call is idle from the start.
 */
export const SHORT_SILENT_CLOSE_MS = {
  http: Number(SHORT_CONNECTION_LIMITS.HANDSHAKE_TIMEOUT_MS),
  grpc: Number(SHORT_CONNECTION_LIMITS.IDLE_TIMEOUT_MS),
};

/** How late a close may come on a loaded machine: timers are never early, but may fire late. */
export const CLOSE_SLACK_MS = 5000;

/** Silent connections held open on several ports at once. */
export interface SilentOnPorts<P extends string> {
  /** What went wrong on each port: connections still open CLOSE_SLACK_MS after `expectedMs`, or closed before it. */
  problems(expectedMs: Record<P, number>): Promise<string[]>;
  destroy(): void;
}

/** Opens `count` silent connections on each port of `ports`. */
export async function openSilentOnPorts<P extends string>(
  ports: Record<P, number>,
  count: number,
): Promise<SilentOnPorts<P>> {
  const names = Object.keys(ports) as P[];
  const silent = await Promise.all(names.map((name) => openSilentConnections(ports[name], count)));
  return {
    problems: async (expectedMs) => {
      const problems: string[] = [];
      for (const [i, name] of names.entries()) {
        const ms = expectedMs[name];
        const lifetimes = await (silent[i] as SilentConnections).lifetimes(ms + CLOSE_SLACK_MS);
        const open = lifetimes.filter((lifetime) => lifetime < 0).length;
        const early = lifetimes.filter((lifetime) => lifetime >= 0 && lifetime < ms - 50).length;
        if (open > 0)
          problems.push(`${name}: ${open} of ${count} still open ${CLOSE_SLACK_MS} ms after the configured ${ms} ms`);
        if (early > 0) problems.push(`${name}: ${early} of ${count} closed before the configured ${ms} ms`);
      }
      return problems;
    },
    destroy: () => {
      for (const connections of silent) connections.destroy();
    },
  };
}

/**
 * Test preload (`node --import`): in this process, `localhost` resolves to 127.0.0.1 AND ::1, as the stock
 * /etc/hosts of Debian, Ubuntu and Docker has it. Some machines list 127.0.0.1 only, and tests must not
 * edit /etc/hosts. Only the lookup grpc-js's DNS resolver makes (`dns.promises.lookup`, all addresses) is
 * answered here; the channel, resolver, round_robin and sockets above it stay the real ones.
 */
import dns from 'node:dns';

const LOCALHOST: dns.LookupAddress[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

const systemLookup = dns.promises.lookup.bind(dns.promises);

const lookup = (hostname: string, options?: dns.LookupAllOptions) =>
  hostname === 'localhost' && options?.all === true
    ? Promise.resolve(LOCALHOST)
    : systemLookup(hostname, options ?? {});

Object.assign(dns.promises, { lookup });

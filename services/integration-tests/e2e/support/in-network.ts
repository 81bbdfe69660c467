import { dockerResult } from './docker';
import type { DockerResult } from './docker';

// Runs in the toolbox container: node's own fetch, so the images need no curl. Exits 1 on any non-2xx.
const FETCH_SCRIPT = [
  'fetch(process.argv[1], { signal: AbortSignal.timeout(5000) })',
  '.then(async (r) => { const t = await r.text(); if (!r.ok) { console.error(`HTTP ${r.status}: ${t}`); process.exit(1); } process.stdout.write(t); })',
  '.catch((e) => { console.error(String(e)); process.exit(1); });',
].join('');

/**
 * Runs grpc-health-probe inside the network (in the toolbox container), exactly as a kubelet `grpc:` probe
 * checks a pod; exit code 0 means SERVING.
 */
export async function probeHealth(
  toolbox: string,
  addr: string,
  service = '',
): Promise<DockerResult & { output: string }> {
  const args = ['exec', toolbox, 'grpc-health-probe', `-addr=${addr}`, '-connect-timeout=2s', '-rpc-timeout=2s'];
  if (service) args.push(`-service=${service}`);
  const result = await dockerResult(args, 15_000);
  // The probe logs its verdict ("status: SERVING") to stderr.
  return { ...result, output: `${result.stdout}\n${result.stderr}`.trim() };
}

/** GETs `url` from inside the network (node's fetch in the toolbox) and resolves with the body; rejects on non-2xx. */
export async function fetchInNetwork(toolbox: string, url: string): Promise<string> {
  const result = await dockerResult(['exec', toolbox, 'node', '-e', FETCH_SCRIPT, url], 15_000);
  if (result.code !== 0) throw new Error(`GET ${url} from inside the network failed: ${result.stderr}`);
  return result.stdout;
}

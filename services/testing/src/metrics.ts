import { spawn } from 'node:child_process';

/** Fetches a /metrics page in the Prometheus text format. */
export async function scrape(port: number, host = '127.0.0.1'): Promise<string> {
  const response = await fetch(`http://${host}:${port}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** The value of one sample, matched by name and a label subset, or undefined when it is absent. */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1));
    }
  }
  return undefined;
}

/** The sum of every sample of a metric (all label sets), e.g. the total of a gauge split by type; undefined when absent. */
export function sampleSum(text: string, name: string): number | undefined {
  const samples = text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
  if (samples.length === 0) return undefined;
  return samples.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/** What `promtool check metrics` said about a /metrics page: its exit code and its findings. */
export interface PromtoolVerdict {
  code: number;
  findings: string;
}

/** Pipes a /metrics page through `promtool check metrics`, Prometheus' own linter for the exposition format. */
export function promtoolCheckMetrics(promtool: string, text: string): Promise<PromtoolVerdict> {
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000 });
    let findings = '';
    child.stdout.on('data', (chunk: Buffer) => (findings += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (findings += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, findings: findings.trim() }));
    child.stdin.end(text);
  });
}

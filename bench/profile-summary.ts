// Summarises `node --cpu-prof` profiles (make bench-profile): where each server spent its CPU, by package
// (self and inclusive time) and by function, so a hot spot of ours stands out from Node's and the libraries'.
// Usage: tsx bench/profile-summary.ts <file.cpuprofile>...
import fs from 'node:fs';
import path from 'node:path';

/** The parts of V8's .cpuprofile format this reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

type ProfileNode = CpuProfile['nodes'][number];

/** Where code comes from: an npm package, our services, Node itself, or V8's pseudo-frames (GC, idle). */
function origin(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return pkg;
  const ours = /\/services\/([^/]+)\//.exec(url)?.[1];
  if (ours) return `ours: ${ours}`;
  if (url.startsWith('node:')) return 'node core';
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  return path.basename(url);
}

/** Milliseconds by key, largest first, as "share%  ms  key" lines. */
function top(totals: Map<string, number>, all: number, count: number): string[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => `  ${((100 * ms) / all).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${key}`);
}

/** Self time by origin and by function, and inclusive time by origin, of one profile (idle excluded). */
function summarize(profile: CpuProfile): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  // Origins on the path from the root to a node, each once: what "inclusive" time is attributed to.
  const stackOrigins = new Map<number, Set<string>>();
  const originsOf = (id: number): Set<string> => {
    const known = stackOrigins.get(id);
    if (known) return known;
    const up = parent.get(id);
    const set = new Set(up === undefined ? [] : originsOf(up));
    const node = byId.get(id);
    if (node && !node.callFrame.functionName.startsWith('(root')) set.add(origin(node));
    stackOrigins.set(id, set);
    return set;
  };
  const selfByOrigin = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += ms;
    const where = origin(node);
    const { functionName, url, lineNumber } = node.callFrame;
    selfByOrigin.set(where, (selfByOrigin.get(where) ?? 0) + ms);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|services)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + ms);
    for (const o of originsOf(id)) inclusive.set(o, (inclusive.get(o) ?? 0) + ms);
  });
  return [
    `busy (not idle): ${busy.toFixed(0)} ms`,
    'self time by origin:',
    ...top(selfByOrigin, busy, 12),
    'inclusive time by origin (share of busy samples with that origin on the stack):',
    ...top(inclusive, busy, 14),
    'self time by function:',
    ...top(selfByFunction, busy, 25),
  ];
}

/** Prints the summary of every profile named on the command line. */
function main(files: string[]): void {
  if (files.length === 0) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile>...');
  for (const file of files) {
    const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
    process.stdout.write(`\n=== ${path.basename(file)}\n${summarize(profile).join('\n')}\n`);
  }
}

main(process.argv.slice(2));

import type { SideSummary } from '../lib/pair';
import type { BenchResults } from './results';
import { TARGETS } from './targets';

/** One bar: ours, or what ours is compared with. */
interface Bar {
  label: string;
  value: number;
  ours: boolean;
}

/** One small chart: a title, its bars, and the target line where the issue sets one. */
interface Panel {
  title: string;
  unit: string;
  bars: Bar[];
  target?: { value: number; label: string };
  /** A line under the title; by default it names the target. */
  subtitle?: string;
}

const PANEL_W = 280;
const PANEL_H = 220;
const COLUMNS = 4;
const COLOURS = { ours: '#2b6cb0', baseline: '#a0aec0', target: '#c53030', text: '#1a202c' };

const escapeXml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** A panel of ours against what it is compared with (one baseline, or two for the homepage). */
function versus(
  title: string,
  unit: string,
  ours: [string, number],
  others: [string, number][],
  target?: Panel['target'],
): Panel {
  return {
    title,
    unit,
    ...(target ? { target } : {}),
    bars: [
      { label: ours[0], value: ours[1], ours: true },
      ...others.map(([label, value]) => ({ label, value, ours: false })),
    ],
  };
}

/** The panels of every section that ran. */
function panels(results: BenchResults): Panel[] {
  const { homepage, rpc, startup, imageStartup, scaleOut } = results;
  const out: Panel[] = [];
  const times = (factor: number, value: number, what = 'bare') => ({
    value: factor * value,
    label: `${factor}x ${what}`,
  });
  for (const [pair, ours, bare, rpsTarget] of [
    [homepage, 'marketplace', 'bare node:http', TARGETS.homepageThroughputRatio],
    [rpc, 'recommendations', 'bare grpc-js', TARGETS.rpcThroughputRatio],
  ] as const) {
    if (!pair) continue;
    const isHomepage = pair === homepage;
    const what = isHomepage ? 'Homepage' : 'Recommend RPC';
    // The homepage's throughput target is against the prescribed stack, drawn between ours and bare.
    const stack = isHomepage ? homepage.stack : undefined;
    const others = (value: (side: SideSummary) => number | undefined): [string, number][] =>
      [...(stack ? [['stack', stack] as const] : []), [bare, pair.baseline] as const].flatMap(([label, side]) => {
        const v = value(side);
        return v === undefined ? [] : [[label, v] as [string, number]];
      });
    out.push(
      versus(
        `${what} throughput`,
        'req/s',
        [ours, pair.ours.rps],
        others((side) => side.rps),
        stack ? times(rpsTarget, stack.rps, 'stack') : isHomepage ? undefined : times(rpsTarget, pair.baseline.rps),
      ),
    );
    out.push(
      versus(
        `${what} p99`,
        'ms',
        [ours, pair.ours.p99Ms],
        others((side) => side.p99Ms),
        isHomepage ? times(TARGETS.homepageP99Ratio, pair.baseline.p99Ms) : undefined,
      ),
    );
    if (pair.ours.cpuUsPerRequest !== undefined && pair.baseline.cpuUsPerRequest !== undefined) {
      out.push(
        versus(
          `${what} CPU per request`,
          'µs',
          [ours, pair.ours.cpuUsPerRequest],
          others((side) => side.cpuUsPerRequest),
        ),
      );
    }
    if (pair.ours.rssEndMb !== undefined && pair.baseline.rssEndMb !== undefined) {
      out.push(
        versus(
          'RSS at end of load',
          'MB',
          [ours, pair.ours.rssEndMb],
          [[bare, pair.baseline.rssEndMb]],
          times(TARGETS.loadRssRatio, pair.baseline.rssEndMb),
        ),
      );
    }
  }
  for (const [starts, how] of [
    [startup, 'build output'],
    [imageStartup, 'image'],
  ] as const) {
    if (!starts) continue;
    const both = (key: 'idleRssMb' | 'readyMs'): Bar[] =>
      [starts.recommendations, starts.marketplace].map((s) => ({ label: s.service, value: s[key], ours: true }));
    out.push({
      title: `Idle RSS (${how})`,
      unit: 'MB',
      bars: both('idleRssMb'),
      target: { value: TARGETS.idleRssMb, label: `${TARGETS.idleRssMb} MB` },
    });
    out.push({
      title: `Ready after start (${how})`,
      unit: 'ms',
      bars: both('readyMs'),
      target: { value: TARGETS.readyMs, label: `${TARGETS.readyMs} ms` },
    });
  }
  if (scaleOut) {
    out.push(
      versus('Homepage vs replicas', 'req/s', ['3 replicas', scaleOut.three.rps], [['1 replica', scaleOut.one.rps]]),
    );
    const totals = scaleOut.callsPerReplica.reduce(
      (sum, run) => sum.map((n, i) => n + (run[i] ?? 0)),
      scaleOut.callsPerReplica[0]?.map(() => 0) ?? [],
    );
    out.push({
      title: 'Calls per replica',
      unit: 'calls',
      subtitle: `max/min ${scaleOut.spreadMaxMin.toFixed(3)}, target <= ${TARGETS.spreadMaxMin}`,
      bars: totals.map((n, i) => ({ label: `replica ${i + 1}`, value: n, ours: true })),
    });
  }
  return out;
}

/** One panel's SVG, its origin at (x, y). */
function drawPanel(panel: Panel, x: number, y: number): string {
  const top = 50;
  const bottom = 40;
  const plotH = PANEL_H - top - bottom;
  const max = Math.max(...panel.bars.map((b) => b.value), panel.target?.value ?? 0) * 1.1 || 1;
  const slot = (PANEL_W - 40) / panel.bars.length;
  const barW = Math.min(70, slot * 0.6);
  const parts = [
    `<text x="${x + PANEL_W / 2}" y="${y + 20}" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)} (${panel.unit})</text>`,
  ];
  const subtitle = panel.subtitle ?? (panel.target ? `dashed: target ${panel.target.label}` : undefined);
  if (subtitle) {
    parts.push(
      `<text x="${x + PANEL_W / 2}" y="${y + 35}" text-anchor="middle" font-size="11" fill="${COLOURS.target}">${escapeXml(subtitle)}</text>`,
    );
  }
  // Drawn before the bars, so where a bar reaches past its target the bar covers the line, not the number.
  if (panel.target) {
    const ty = y + top + plotH - (panel.target.value / max) * plotH;
    parts.push(
      `<line x1="${x + 15}" x2="${x + PANEL_W - 15}" y1="${ty.toFixed(1)}" y2="${ty.toFixed(1)}" stroke="${COLOURS.target}" stroke-dasharray="5,3"/>`,
    );
  }
  panel.bars.forEach((bar, i) => {
    const h = (bar.value / max) * plotH;
    const bx = x + 20 + slot * i + (slot - barW) / 2;
    const by = y + top + plotH - h;
    parts.push(
      `<rect x="${bx.toFixed(1)}" y="${by.toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" fill="${bar.ours ? COLOURS.ours : COLOURS.baseline}"/>`,
      // Inside the bar when it is tall enough, clear of a target line just above it.
      `<text x="${(bx + barW / 2).toFixed(1)}" y="${(h > 22 ? by + 15 : by - 4).toFixed(1)}" text-anchor="middle"` +
        `${h > 22 ? ' fill="#ffffff"' : ''}>${bar.value >= 100 ? bar.value.toFixed(0) : bar.value.toFixed(1)}</text>`,
      `<text x="${(bx + barW / 2).toFixed(1)}" y="${y + PANEL_H - bottom + 16}" text-anchor="middle" font-size="11">${escapeXml(bar.label)}</text>`,
    );
  });
  parts.push(
    `<line x1="${x + 15}" x2="${x + PANEL_W - 15}" y1="${y + top + plotH}" y2="${y + top + plotH}" stroke="${COLOURS.text}"/>`,
  );
  return parts.join('\n');
}

/** The chart the README shows: ours (blue) against its baseline (grey) for each pair, target lines dashed. */
export function renderChart(results: BenchResults): string {
  const all = panels(results);
  const rows = Math.ceil(all.length / COLUMNS);
  const width = PANEL_W * Math.min(COLUMNS, Math.max(1, all.length));
  const height = PANEL_H * rows + 30;
  const body = all
    .map((panel, i) => drawPanel(panel, (i % COLUMNS) * PANEL_W, Math.floor(i / COLUMNS) * PANEL_H))
    .join('\n');
  const note =
    `Medians of ${results.settings.rounds} alternated runs of ${results.settings.durationS} s, ${results.generatedAt.slice(0, 16)}Z, ` +
    `${results.machine.cpus} CPUs; blue: ours, grey: baseline`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="12" fill="${COLOURS.text}">
<rect width="100%" height="100%" fill="#ffffff"/>
${body}
<text x="10" y="${height - 10}" font-size="11">${escapeXml(note)}</text>
</svg>
`
  );
}

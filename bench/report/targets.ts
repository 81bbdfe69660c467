import type { StartupSummary } from '../sections/startup';
import type { BenchResults, TargetResult } from './results';

/** The targets. Fixed here, beside nothing that could tune them to the numbers. */
export const TARGETS = {
  homepageThroughputRatio: 0.95,
  homepageP99Ratio: 1.5,
  rpcThroughputRatio: 0.95,
  idleRssMb: 70,
  loadRssRatio: 1.2,
  readyMs: 1000,
  spreadMaxMin: 1.25,
} as const;

const x = (value: number) => `${value.toFixed(2)}x`;

/** Checks every target whose section ran; a section that did not run has no verdict rather than a pass. */
export function evaluateTargets(results: BenchResults): TargetResult[] {
  const out: TargetResult[] = [];
  const add = (target: string, measured: string, met: boolean) => out.push({ target, measured, met });
  const { homepage, rpc, startup, imageStartup, scaleOut } = results;
  const idle = (service: StartupSummary, how: string) =>
    add(
      `${service.service} idle RSS <= ${TARGETS.idleRssMb} MB (${how})`,
      `${service.idleRssMb} MB`,
      service.idleRssMb <= TARGETS.idleRssMb,
    );
  const ready = (service: StartupSummary, how: string) =>
    add(
      `${service.service} ready <= ${TARGETS.readyMs} ms after process start (${how})`,
      `${service.readyMs} ms median (max ${service.maxReadyMs})`,
      service.readyMs <= TARGETS.readyMs,
    );

  if (homepage) {
    const { ours, stack, baseline } = homepage;
    const p99 = ours.p99Ms / baseline.p99Ms;
    const cpu = (other: typeof ours) =>
      ours.cpuUsPerRequest && other.cpuUsPerRequest
        ? `; CPU per page ${x(ours.cpuUsPerRequest / other.cpuUsPerRequest)} (${ours.cpuUsPerRequest} vs ${other.cpuUsPerRequest} µs)`
        : '';
    const vsBare = `${x(ours.rps / baseline.rps)} of bare node:http (${baseline.rps} req/s${cpu(baseline)})`;
    if (stack) {
      const rps = ours.rps / stack.rps;
      add(
        `Homepage throughput >= ${TARGETS.homepageThroughputRatio} x the prescribed stack (Koa, @koa/router, nunjucks)`,
        `${x(rps)} (${ours.rps} vs ${stack.rps} req/s${cpu(stack)}); for information, ${vsBare}`,
        rps >= TARGETS.homepageThroughputRatio,
      );
    }
    add(
      `Homepage p99 <= ${TARGETS.homepageP99Ratio} x bare node:http`,
      `${x(p99)} (${ours.p99Ms} vs ${baseline.p99Ms} ms)`,
      p99 <= TARGETS.homepageP99Ratio,
    );
  }
  if (rpc) {
    const rps = rpc.ours.rps / rpc.baseline.rps;
    add(
      `Recommend RPC throughput >= ${TARGETS.rpcThroughputRatio} x bare grpc-js`,
      `${x(rps)} (${rpc.ours.rps} vs ${rpc.baseline.rps} req/s)`,
      rps >= TARGETS.rpcThroughputRatio,
    );
  }
  for (const service of startup ? [startup.recommendations, startup.marketplace] : []) idle(service, 'build output');
  // In the images, a miss is reported with the floor under it: what the bare grpc-js server takes on that Node.
  for (const service of imageStartup ? [imageStartup.recommendations, imageStartup.marketplace] : []) {
    const floor = imageStartup?.floor;
    const met = service.idleRssMb <= TARGETS.idleRssMb;
    add(
      `${service.service} idle RSS <= ${TARGETS.idleRssMb} MB (image)`,
      `${service.idleRssMb} MB` +
        (floor && !met
          ? `; not met: floor is ${floor.bareGrpcJsMb} MB for bare grpc-js on Node ${floor.nodeVersion.replace(/^v/, '')} ` +
            `(${floor.bareNodeMb} MB for node alone)`
          : ''),
      met,
    );
  }
  for (const [pair, name] of [
    [homepage, 'marketplace'],
    [rpc, 'recommendations'],
  ] as const) {
    const ours = pair?.ours.rssEndMb;
    const bare = pair?.baseline.rssEndMb;
    if (ours === undefined || bare === undefined) continue;
    add(
      `${name} RSS at end of load <= ${TARGETS.loadRssRatio} x its bare baseline`,
      `${x(ours / bare)} (${ours} vs ${bare} MB)`,
      ours <= TARGETS.loadRssRatio * bare,
    );
  }
  for (const service of startup ? [startup.recommendations, startup.marketplace] : []) ready(service, 'build output');
  for (const service of imageStartup ? [imageStartup.recommendations, imageStartup.marketplace] : [])
    ready(service, 'image');
  if (scaleOut) {
    add(
      `Spread over 3 replicas: max/min <= ${TARGETS.spreadMaxMin}`,
      x(scaleOut.spreadMaxMin),
      scaleOut.spreadMaxMin <= TARGETS.spreadMaxMin,
    );
  }
  return out;
}

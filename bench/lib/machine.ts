import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/**
 * How much of the machine other people's work took during a run: the busy CPU time of the whole machine
 * minus the CPU time of the processes of this benchmark (the harness, its load generators, its servers and
 * containers). Read from /proc, in clock ticks; reported as a percentage of all cores.
 */

/** Busy and total ticks of all CPUs since boot (/proc/stat, first line). */
function machineTicks(): { busy: number; total: number } {
  const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy, total: busy + idle + iowait };
}

/** utime+stime of a process (all its threads), plus its reaped children's when `withChildren`; 0 once gone. */
function processTicks(pid: number | 'self', withChildren = false): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [utime = 0, stime = 0, cutime = 0, cstime = 0] = fields.slice(11, 15);
    return utime + stime + (withChildren ? cutime + cstime : 0);
  } catch {
    return 0;
  }
}

/** Ticks of this benchmark: the harness with its reaped children (load generators), plus the given live pids. */
function ourTicks(pids: readonly number[]): number {
  return processTicks('self', true) + pids.reduce((sum, pid) => sum + processTicks(pid), 0);
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every usual Linux build). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU time a process has used so far (all threads, user + system), in ms. Unlike throughput it barely
 * moves when other processes take cores away, so per request it shows what our layers cost even here.
 */
export function cpuMsOf(pid: number): number {
  return (processTicks(pid) * 1000) / TICKS_PER_SECOND;
}

/** Milliseconds since boot now, to 10 ms (/proc/uptime): the clock /proc counts process start times in. */
export function uptimeMs(): number {
  return Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
}

/** When a process started, in ms since boot (field 22 of /proc/<pid>/stat), to one clock tick. */
export function processStartMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const starttime = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  return (starttime * 1000) / TICKS_PER_SECOND;
}

/** Starts measuring; the returned function gives other processes' share of the machine since then, in %. */
export function startContentionMeter(ourPids: () => readonly number[]): () => number {
  const pids = ourPids();
  const machine0 = machineTicks();
  const ours0 = ourTicks(pids);
  return () => {
    const machine1 = machineTicks();
    // Servers that exited in between are in the harness's children's ticks already; the rest are read live.
    const ours1 = ourTicks(pids);
    const total = machine1.total - machine0.total;
    const foreign = machine1.busy - machine0.busy - (ours1 - ours0);
    return total > 0 ? Math.max(0, (100 * foreign) / total) : 0;
  };
}

/** What the numbers were measured on. */
export function machineInfo() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: os.release(),
    node: process.version,
    loadAverage1m: Number(os.loadavg()[0]?.toFixed(2)),
  };
}

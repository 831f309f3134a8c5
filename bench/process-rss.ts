// Resident memory of a process tree (Chromium's browser, renderer, GPU and utility processes are
// children of the bench's process), read from /proc, and its peak sampled on a timer.
import { readFileSync, readdirSync } from 'node:fs';

/** The processes below `root` (Chromium's browser, renderer, GPU and utility processes, when `root` launched it). */
export function descendantPids(root: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parent.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid), hops = 0; p !== undefined && hops < 32; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  return [...parent.keys()].filter(isDescendant);
}

/**
 * Proportional set size of a process (/proc/PID/smaps_rollup): its private pages plus its share of
 * the pages it shares with others (Chromium's binary and the zygote's pages, mapped by every
 * process), so the sum over processes counts each page once, unlike the sum of RSS. Bytes.
 */
function pss(pid: number): number {
  const kb = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

/** Resident memory of each of ROOT's descendants, in bytes, by pid, with its kind (Chromium's --type=, else "browser"); with `proportional`, its PSS instead of its RSS. */
function descendants(root: number, proportional = false): { kind: string; bytes: number }[] {
  const out: { kind: string; bytes: number }[] = [];
  for (const pid of descendantPids(root)) {
    try {
      const bytes = proportional ? pss(pid) : Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
      const kind = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '))?.[1] ?? 'browser';
      out.push({ kind, bytes });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Resident memory of this process's descendants, in bytes. */
export function descendantRss(root: number): number {
  return descendants(root).reduce((n, d) => n + d.bytes, 0);
}

/** Resident memory of ROOT's descendants summed by kind (browser, renderer, gpu-process, utility ...), in bytes; with `proportional`, PSS. */
export function descendantRssByKind(root: number, proportional = false): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of descendants(root, proportional)) out[d.kind] = (out[d.kind] ?? 0) + d.bytes;
  return out;
}

/**
 * Samples this process's descendants' RSS (with `proportional`, PSS) every `everyMs` until
 * stopped; `stop()` gives the peak of the sum and each kind's share at that peak, in bytes, when
 * it was, and every sample of the sum ([performance.now(), bytes]).
 */
export function samplePeakRss(everyMs: number, proportional = false): { stop(): { peak: number; byKind: Record<string, number>; at: number; samples: [number, number][] } } {
  const samples: [number, number][] = [];
  let byKind = descendantRssByKind(process.pid, proportional);
  const sum = (k: Record<string, number>) => Object.values(k).reduce((a, b) => a + b, 0);
  let peak = sum(byKind);
  let at = performance.now();
  const sample = () => {
    const now = descendantRssByKind(process.pid, proportional);
    samples.push([performance.now(), sum(now)]);
    if (sum(now) > peak) [peak, byKind, at] = [sum(now), now, performance.now()];
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { peak, byKind, at, samples };
    },
  };
}

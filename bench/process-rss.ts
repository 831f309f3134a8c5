// Resident memory of a process tree (Chromium's browser, renderer, GPU and utility processes are
// children of the bench's process), read from /proc, and its peak sampled on a timer.
import { readFileSync, readdirSync } from 'node:fs';

/** Resident memory of this process's descendants, in bytes. */
export function descendantRss(root: number): number {
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
  let bytes = 0;
  for (const pid of parent.keys()) {
    if (!isDescendant(pid)) continue;
    try {
      bytes += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch {
      // gone meanwhile
    }
  }
  return bytes;
}

/** Samples this process's descendants' RSS every `everyMs` until stopped; `stop()` gives the peak in bytes. */
export function samplePeakRss(everyMs: number): { stop(): number } {
  let peak = descendantRss(process.pid);
  const timer = setInterval(() => { peak = Math.max(peak, descendantRss(process.pid)); }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, descendantRss(process.pid));
    },
  };
}

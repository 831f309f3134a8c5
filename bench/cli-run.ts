// Runs `blastograde <command>` as a user would (a fresh Node process), or a bench script, and measures it:
// wall time, peak resident memory and CPU time of that process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../bin/blastograde.mjs');
const preload = pathToFileURL(path.join(here, 'rusage-preload.mjs')).href;

export interface CliRun {
  stdout: string;
  seconds: number;
  peakRssMiB: number;
  cpuSeconds: number;
}

export function runCli(args: string[]): CliRun {
  return runNode([cli, ...args], `blastograde ${args[0]}`);
}

/** A TypeScript script of the bench (run with tsx), measured the same way. */
export function runScript(script: string, args: string[]): CliRun {
  return runNode(['--import', 'tsx', script, ...args], path.basename(script));
}

function runNode(args: string[], label: string): CliRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-rusage-'));
  const usageFile = path.join(dir, 'usage.json');
  try {
    const start = performance.now();
    const r = spawnSync(process.execPath, ['--import', preload, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, BENCH_RUSAGE_FILE: usageFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seconds = (performance.now() - start) / 1000;
    if (r.status !== 0) throw new Error(`${label} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
    return { stdout: r.stdout, seconds, peakRssMiB: usage.maxRSS / 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

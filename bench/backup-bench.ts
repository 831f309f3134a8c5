// `npm run bench -- --only backup`: a synthetic lab of N images (grey 640x480 phantom PNGs of
// about 130 KB, a 320x240 crop and a 160x120 thumbnail each, 20 images a batch, 2 audit entries
// an image) written through the backup feature's writer to a file, then read back from disk:
// `blastograde backup list` (every entry verified), `blastograde backup export` (every batch's
// CSV and batch JSON), and the records' restore plan (merge rules) onto an empty profile and onto
// itself. Each step is its own process: its time and peak RSS are its own; the writer and the
// merge also report their peak V8 heap. Then the app's own restore of the same file in Chromium
// (bench/backup-restore.ts: built app, fresh profile, Lab view, "Restore a backup"): its time, time
// to the first progress, peak RSS of the browser's processes and the report's counts. Memory should
// stay flat in N (one entry at a time).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopServer } from '../e2e/harness';
import { restoreInChromium, type RestoreRun } from './backup-restore';
import { runCli, runScript } from './cli-run';
import { fmt, type Row } from './table';

const lab = fileURLToPath(new URL('./backup-lab.ts', import.meta.url));

export interface BackupStep { seconds: number; peakRssMiB: number; peakHeapMiB?: number }
export interface BackupRun {
  images: number;
  fileMiB: number;
  write: BackupStep;
  list: BackupStep;
  export: BackupStep;
  merge: BackupStep & { addedToEmpty: Record<string, number>; addedOntoItself: Record<string, number> };
  /** The app's restore in Chromium (absent when the entry ran without the browser). */
  restore?: RestoreRun;
}

const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);

/** `browser`: also restore each file in the built app (dist/ must be built). */
export async function benchBackup(sizes: number[], log: (msg: string) => void, { browser }: { browser: boolean }): Promise<BackupRun[]> {
  const runs: BackupRun[] = [];
  try {
    for (const images of sizes) runs.push(await benchOne(images, log, browser));
  } finally {
    if (browser) await stopServer();
  }
  return runs;
}

async function benchOne(images: number, log: (msg: string) => void, browser: boolean): Promise<BackupRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-backup-'));
  try {
    const file = path.join(dir, 'lab.zip');
    log(`backup: ${images} images -> ${file}`);
    const w = runScript(lab, ['write', String(images), file]);
    const written = JSON.parse(w.stdout) as { seconds: number; peakHeapMiB: number };
    const list = runCli(['backup', 'list', file, '--json']);
    const listed = JSON.parse(list.stdout) as { counts: { images: number } };
    if (listed.counts.images !== images) throw new Error(`backup list found ${listed.counts.images} images, expected ${images}`);
    const exported = runCli(['backup', 'export', file, '--out', path.join(dir, 'out')]);
    const m = runScript(lab, ['merge', file]);
    const merged = JSON.parse(m.stdout) as { seconds: number; peakHeapMiB: number; addedToEmpty: Record<string, number>; addedOntoItself: Record<string, number> };
    if (merged.addedToEmpty.images !== images || Object.values(merged.addedOntoItself).some((n) => n !== 0)) throw new Error(`merge plan is wrong: ${m.stdout}`);
    let restore: RestoreRun | undefined;
    if (browser) {
      log(`backup: ${images} images restored in the app (Chromium, fresh profile; load ${loadAverage().toFixed(1)})`);
      restore = await restoreInChromium(file, images);
      log(`  ${restore.seconds.toFixed(1)} s, peak RSS ${restore.peakRssMiB.toFixed(0)} MiB (${restore.rssBeforeMiB.toFixed(0)} before); ${restore.added}`);
      log(`  again onto itself: ${restore.again.seconds.toFixed(1)} s, peak RSS ${restore.again.peakRssMiB.toFixed(0)} MiB; ${restore.again.added}`);
      if (restore.imagesAdded !== images) throw new Error(`the app's restore report says ${restore.added}, expected ${images} images`);
      if (restore.imagesIdentical !== images || restore.again.added !== 'Added: nothing.') throw new Error(`restored onto itself, the report says ${restore.again.added} ${restore.again.identical}`);
    }
    return {
      images,
      fileMiB: statSync(file).size / 2 ** 20,
      write: { seconds: written.seconds, peakRssMiB: w.peakRssMiB, peakHeapMiB: written.peakHeapMiB },
      list: { seconds: list.seconds, peakRssMiB: list.peakRssMiB },
      export: { seconds: exported.seconds, peakRssMiB: exported.peakRssMiB },
      merge: { seconds: merged.seconds, peakRssMiB: m.peakRssMiB, peakHeapMiB: merged.peakHeapMiB, addedToEmpty: merged.addedToEmpty, addedOntoItself: merged.addedOntoItself },
      restore,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const step = (s: BackupStep) => `${fmt(s.seconds, 's')}, peak RSS ${fmt(s.peakRssMiB, 'MiB')}${s.peakHeapMiB === undefined ? '' : `, heap ${fmt(s.peakHeapMiB, 'MiB')}`}`;

export function backupRows(runs: BackupRun[]): Row[] {
  return runs.flatMap((r): Row[] => [
    [`backup, ${r.images} images: file`, fmt(r.fileMiB, 'MiB')],
    ['  write (writer, streamed to disk; excl. rendering)', step(r.write)],
    ['  blastograde backup list (verify every entry)', step(r.list)],
    ['  blastograde backup export (sheets of every batch)', step(r.export)],
    ['  read records + merge plan (empty profile, itself)', step(r.merge)],
    ...(r.restore ? restoreRows(r.restore) : []),
  ]);
}

function restoreRows(r: RestoreRun): Row[] {
  return [
    ['  restore in the app (Chromium, fresh profile): file to report', `${fmt(r.seconds, 's')} (checked ${fmt(r.checkedSeconds, 's')}, first progress ${fmt(r.firstProgressMs)}, first entry checked ${fmt(r.firstEntryCheckedMs)})`],
    ['  restore in the app: peak RSS, all Chromium processes', `${fmt(r.peakRssMiB, 'MiB')} (${fmt(r.rssBeforeMiB, 'MiB')} before, ${fmt(r.rssAfterMiB, 'MiB')} 2 s after; peak at ${fmt(r.peakAtSeconds, 's')})`],
    ['  restore in the app: when checking ended: RSS, page JS heap', `${fmt(r.rssWhenCheckedMiB, 'MiB')}, ${fmt(r.jsHeapWhenCheckedMiB, 'MiB')}`],
    ['  restore in the app: RSS by process kind, before -> at the peak', Object.keys(r.peakRssByKindMiB).map((k) => `${k} ${r.rssBeforeByKindMiB[k] ?? 0} -> ${r.peakRssByKindMiB[k]}`).join(', ')],
    ['  restore in the app: peak JS heap of the page', `${fmt(r.peakJsHeapMiB, 'MiB')} (${fmt(r.jsHeapBeforeMiB, 'MiB')} before)`],
    ['  restore in the app: report', `${r.added} ${r.conflicts}${r.pageErrors.length ? ` page errors: ${r.pageErrors.slice(0, 3).join(' | ')}` : ''}`],
    ['  restored again onto itself: file to report', `${fmt(r.again.seconds, 's')} (first progress ${fmt(r.again.firstProgressMs)}), peak RSS ${fmt(r.again.peakRssMiB, 'MiB')} (${fmt(r.again.rssBeforeMiB, 'MiB')} before), page heap ${fmt(r.again.peakJsHeapMiB, 'MiB')}`],
    ['  restored again onto itself: report', `${r.again.added} ${r.again.identical} ${r.again.conflicts}`],
  ];
}

// The app's own restore of a lab backup file in Chromium, as a user does it: the built app
// (dist/, served with the app's headers by e2e/harness) in a fresh browser profile on disk, the
// Lab view, the file put on "Restore a backup", until the report shows. Measured: wall time from
// the file to the report, to the first progress shown and to the first entry checked, the peak
// resident memory of every Chromium process (sampled every 200 ms from /proc) and the page's peak
// JS heap (performance.memory, sampled every 200 ms in the page, precise), and the report's counts;
// then the same file restored again onto what it restored (every record compared, nothing added).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openLab, startServer, waitForModelReady } from '../e2e/harness';
import type { Page } from 'playwright-core';
import { openAppProfile } from './browser';
import { descendantRss, descendantRssByKind, samplePeakRss } from './process-rss';

/** One restore of the file: the timings and memory below, and the report's lines. */
export interface RestorePass {
  seconds: number;
  /** From the file put on the input to the progress bar shown, and to its first entry checked. */
  firstProgressMs: number;
  firstEntryCheckedMs: number;
  /** From the file to the first record written ("Restoring"); NaN when nothing was to be written. */
  checkedSeconds: number;
  peakRssMiB: number;
  rssBeforeMiB: number;
  /** Each kind of Chromium process's RSS at the peak, and before the file (MiB). */
  peakRssByKindMiB: Record<string, number>;
  rssBeforeByKindMiB: Record<string, number>;
  /** When the peak was, from the file put on the input (compare checkedSeconds). */
  peakAtSeconds: number;
  /** RSS of all Chromium processes when checking ended (the first record written), and the page's JS heap then. */
  rssWhenCheckedMiB: number;
  jsHeapWhenCheckedMiB: number;
  /** [seconds from the file, MiB] every 200 ms: all Chromium processes. */
  rssTimeline: [number, number][];
  /** RSS of all Chromium processes 2 s after the report. */
  rssAfterMiB: number;
  peakJsHeapMiB: number;
  jsHeapBeforeMiB: number;
  /** The report's lines as the page shows them. */
  added: string;
  identical: string;
  conflicts: string;
}

/** The file restored into a fresh profile, then again onto what it restored (nothing to add). */
export interface RestoreRun extends RestorePass {
  /** Images the first report says were added, and the second says were already here. */
  imagesAdded: number;
  imagesIdentical: number;
  again: RestorePass;
  pageErrors: string[];
}

interface PageTimes { t0: number; shown: number | null; firstChecked: number | null; restoring: number | null; report: number | null; heapPeak: number; heapBefore: number; heapWhenChecked: number }

// Strings, not functions: tsx's name-keeping helper (__name) does not exist in the page. RESET
// starts a pass; WATCH (once) notes when the progress shows, moves and turns to "restoring", and
// when a report or a refusal shows after it (the previous pass's report goes as the progress comes).
const RESET = `(() => {
  const heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
  window.__restore = { t0: performance.now(), shown: null, firstChecked: null, restoring: null, report: null, heapPeak: heap, heapBefore: heap, heapWhenChecked: 0 };
})()`;
const WATCH = `(() => {
  const heap = () => performance.memory ? performance.memory.usedJSHeapSize : 0;
  setInterval(() => { const r = window.__restore; if (r) r.heapPeak = Math.max(r.heapPeak, heap()); }, 200);
  new MutationObserver(() => {
    const r = window.__restore;
    if (!r) return;
    const now = performance.now();
    const p = document.querySelector('[data-testid="lab-restore-progress"]');
    if (p && r.shown === null) r.shown = now;
    if (p && p.value > 0 && r.firstChecked === null) r.firstChecked = now;
    if (p && p.getAttribute('data-step') === 'restoring' && r.restoring === null) { r.restoring = now; r.heapWhenChecked = heap(); }
    if (r.shown !== null && r.report === null && document.querySelector('[data-testid="lab-restore-report"], [data-testid="lab-restore-refused"]')) r.report = now;
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-step', 'value'] });
})()`;

const mib = (bytes: Record<string, number>) => Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
const total = (bytes: Record<string, number>) => Object.values(bytes).reduce((a, b) => a + b, 0);

async function timedRestore(page: Page, file: string, images: number): Promise<RestorePass> {
  await page.evaluate(RESET);
  const before = descendantRssByKind(process.pid);
  const sampler = samplePeakRss(200);
  const started = performance.now();
  let peak: ReturnType<ReturnType<typeof samplePeakRss>['stop']>;
  try {
    await page.getByTestId('lab-restore-input').setInputFiles(file);
    await page.waitForFunction(() => (window as unknown as { __restore: PageTimes }).__restore.report !== null, undefined, { timeout: Math.max(120_000, images * 600), polling: 100 });
  } finally {
    peak = sampler.stop();
  }
  if (await page.getByTestId('lab-restore-refused').count()) throw new Error(`restore refused: ${await page.getByTestId('lab-restore-refused').textContent()}`);
  await page.waitForTimeout(2000);
  const rssAfter = descendantRss(process.pid);
  const t = await page.evaluate(() => (window as unknown as { __restore: PageTimes }).__restore);
  const text = async (id: string) => ((await page.getByTestId(id).textContent()) ?? '').trim();
  const since = (x: number | null) => (x === null ? NaN : x - t.t0);
  return {
    seconds: since(t.report) / 1000,
    firstProgressMs: since(t.shown),
    firstEntryCheckedMs: since(t.firstChecked),
    checkedSeconds: since(t.restoring) / 1000,
    peakRssMiB: peak.peak / 2 ** 20,
    rssBeforeMiB: total(before) / 2 ** 20,
    peakRssByKindMiB: mib(peak.byKind),
    rssBeforeByKindMiB: mib(before),
    peakAtSeconds: (peak.at - started) / 1000,
    rssWhenCheckedMiB: (peak.samples.find(([at]) => at - started >= since(t.restoring))?.[1] ?? NaN) / 2 ** 20,
    jsHeapWhenCheckedMiB: t.heapWhenChecked / 2 ** 20,
    rssTimeline: peak.samples.map(([at, bytes]) => [Math.round(at - started) / 1000, Math.round(bytes / 2 ** 20)]),
    rssAfterMiB: rssAfter / 2 ** 20,
    peakJsHeapMiB: t.heapPeak / 2 ** 20,
    jsHeapBeforeMiB: t.heapBefore / 2 ** 20,
    added: await text('lab-restore-added'),
    identical: await text('lab-restore-identical'),
    conflicts: await text('lab-restore-conflicts'),
  };
}

const imagesIn = (line: string) => Number(/(\d+) images/.exec(line)?.[1] ?? NaN);

/** Restores FILE (a backup of `images` images) into a fresh profile, then again onto itself; the app must be built in dist/. */
export async function restoreInChromium(file: string, images: number): Promise<RestoreRun> {
  const url = await startServer();
  const profile = mkdtempSync(path.join(tmpdir(), 'bench-restore-profile-'));
  const { context, page, errors } = await openAppProfile(url, profile, ['--enable-precise-memory-info']);
  try {
    await openLab(page);
    // The model loads when the app starts: let it settle first, so the restore's memory is its own.
    await waitForModelReady(page);
    await page.waitForTimeout(1000);
    await page.evaluate(WATCH);
    const first = await timedRestore(page, file, images);
    const again = await timedRestore(page, file, images);
    return { ...first, imagesAdded: imagesIn(first.added), imagesIdentical: imagesIn(again.identical), again, pageErrors: errors };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

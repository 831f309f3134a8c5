// `npm run bench -- --only batch`: N real micrographs dropped into the built app in Chromium,
// per format, as a user drops them (identity filled, model loaded and checked before the
// drop). Measured: seconds per image steady (first done -> last done, / (N - 1)), drop to
// first grade, and the peak resident memory of every Chromium process. Set against the sum
// of the stage medians (pipeline worker decode + thumbnail + localise + crop, then one grade:
// the cost with no overlap at all) and against OpenCV (Python) + PyTorch doing decode + crop +
// grade on the same weights in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fillBlankIdentity, openApp, openBatchView, readRows, stopServer, waitForBatch, waitForModelReady, type OpenOptions } from '../e2e/harness';
import { buildApp, openPage, serve } from './browser';
import { descendantRssByKind, samplePeakRss } from './process-rss';
import { fmt, type Row } from './table';

export interface BatchBenchOptions {
  repo: string;
  /** The built bench page (for the stage medians). */
  benchDist: string;
  sharedData: string;
  python: string;
  cores: number;
  sizes: number[];
  formats: string[];
  /** Where the app keeps IndexedDB: a fresh profile on disk (a user's browser), an incognito context (in memory), or both in turn. */
  contexts: BatchContext[];
  skipTorch: boolean;
  log: (msg: string) => void;
}

/** The full microscope frames in ../shared/data (the only ones near 640x480), cycled to N. */
const SOURCES = ['real/pcrm-lockhart/input', 'real/pcrm-saeedi/images'];

export type BatchContext = 'profile' | 'incognito';

export interface BatchRun {
  format: string;
  context: BatchContext;
  images: number;
  done: number;
  errors: number;
  /** Seconds per image from the first image done to the last, / (N - 1). */
  steadySecondsPerImage: number;
  /** Seconds from the drop to the first image done with a grade. */
  firstGradeSeconds: number;
  /** Seconds from the drop to the last image done. */
  totalSeconds: number;
  peakRssMiB: number;
  rssBeforeDropMiB: number;
  /** Each Chromium process kind's resident memory (browser, renderer, gpu-process, utility...) before the drop and at the peak. */
  rssByKindMiB: { before: Record<string, number>; peak: Record<string, number> };
  loadAverage: number;
  /** The rows' own status times (see overlapOf). */
  overlap?: { images: number; dropToFirstPreprocessingMs: number; preprocessingMedianMs: number; gradingMedianMs: number; startsBeforePreviousDone: number; gapDoneToNextStartMedianMs: number };
  torch?: { steadyMsPerImage: number | null; firstMs: number; medianMs: number; threads: number };
}

export interface StageMedians {
  format: string;
  images: number;
  stagesMs: Record<string, number>;
  inferenceMs: number;
  /** Sum of the stage medians plus the inference median: one image with no overlap. */
  idealMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * Page script (a string: tsx's name-keeping helper does not exist in the page) defining
 * touchedRows(records): the review rows a MutationObserver's records touch (a row whose attribute
 * or text changed, a row added or moved). The bench's observers look only at those: going over
 * every row on each change made the observer itself cost more per image in a larger batch.
 */
export const TOUCHED_ROWS = `const touchedRows = (records) => {
  const rows = new Set();
  for (const r of records) {
    const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
    const row = el && el.closest('[data-testid="embryo"]');
    if (row) rows.add(row);
    for (const n of r.addedNodes) if (n.nodeType === 1) for (const x of (n.matches('[data-testid="embryo"]') ? [n] : n.querySelectorAll('[data-testid="embryo"]'))) rows.add(x);
  }
  return rows;
};`;

export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

export function sourceFiles(sharedData: string): string[] {
  return SOURCES.flatMap((d) => {
    const dir = path.join(sharedData, d);
    return readdirSync(dir).filter((f) => /\.(bmp|jpe?g|png)$/i.test(f)).sort().map((f) => path.join(dir, f));
  });
}

function python(o: BatchBenchOptions, args: string[]): string {
  const r = spawnSync(o.python, args, { cwd: o.repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, OMP_WAIT_POLICY: 'PASSIVE' } });
  if (r.status !== 0) throw new Error(`${o.python} ${args.slice(0, 2).join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

/**
 * The built app in a fresh browser (empty IndexedDB), on the batch view with its form filled
 * and the model ready: the model loads and warms while the form is filled, and a drop waits for it.
 */
export async function openReadyBatchView(options: OpenOptions = {}): Promise<Awaited<ReturnType<typeof openApp>>> {
  const session = await openApp(options);
  await openBatchView(session.page);
  await fillBlankIdentity(session.page);
  await waitForModelReady(session.page);
  return session;
}

const mibByKind = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));

/** One batch dropped into the built app in a fresh browser (empty IndexedDB), with a profile on disk or incognito. */
async function dropBatch(format: string, files: string[], context: BatchContext): Promise<BatchRun> {
  const session = await openReadyBatchView({ profile: context === 'profile' });
  try {
    const { page } = session;
    // A string, not a function: tsx's name-keeping helper (__name) does not exist in the page.
    await page.evaluate(`(() => {
      const w = window;
      w.__batchDone = {};
      w.__batchSeen = {};
      ${TOUCHED_ROWS}
      new MutationObserver((records) => {
        for (const row of touchedRows(records)) {
          const file = row.getAttribute('data-file') ?? '';
          const status = row.getAttribute('data-status') ?? '';
          const seen = (w.__batchSeen[file] ??= {});
          seen[status] ??= performance.now();
          if ((status === 'done' || status === 'error') && !w.__batchDone[file]) {
            w.__batchDone[file] = { t: performance.now(), status, grade: row.getAttribute('data-ai-grade') ?? '' };
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'data-ai-grade'] });
    })()`);
    const rssBefore = descendantRssByKind(process.pid);
    const rssBeforeDrop = Object.values(rssBefore).reduce((a, b) => a + b, 0);
    const sampler = samplePeakRss(250);
    try {
      const t0 = await page.evaluate(() => performance.now());
      await page.locator('input[data-testid="batch-input"]').setInputFiles(files);
      await waitForBatch(page, files.length, Math.max(240_000, files.length * 10_000));
      // The progress bar can finish a frame before the last row's attributes: let the observer see it.
      await page.waitForFunction((n) => Object.keys((window as unknown as { __batchDone: object }).__batchDone).length >= n, files.length, { timeout: 10_000 }).catch(() => undefined);
      const done = await page.evaluate(() => (window as unknown as { __batchDone: Record<string, { t: number; status: string; grade: string }> }).__batchDone);
      const rows = await readRows(page);
      const seen = await page.evaluate(() => (window as unknown as { __batchSeen: Record<string, Record<string, number>> }).__batchSeen);
      const times = Object.values(done).map((d) => d.t).sort((a, b) => a - b);
      const graded = Object.values(done).filter((d) => d.status === 'done').map((d) => d.t);
      const peak = sampler.stop();
      return {
        format, context, images: files.length,
        done: rows.filter((r) => r.status === 'done').length,
        errors: rows.filter((r) => r.status === 'error').length,
        steadySecondsPerImage: (times.at(-1)! - times[0]!) / 1000 / Math.max(1, times.length - 1),
        firstGradeSeconds: (Math.min(...graded) - t0) / 1000,
        totalSeconds: (times.at(-1)! - t0) / 1000,
        peakRssMiB: peak.peak / 2 ** 20,
        rssBeforeDropMiB: rssBeforeDrop / 2 ** 20,
        rssByKindMiB: { before: mibByKind(rssBefore), peak: mibByKind(peak.byKind) },
        loadAverage: loadAverage(),
        overlap: overlapOf(seen, t0),
      };
    } finally {
      sampler.stop();
    }
  } finally {
    await session.close();
  }
}

/**
 * When each row was first seen preprocessing, grading and done (the app's own statuses, as the
 * rows show them): how long each stage takes inside the app, and whether image n+1 starts its
 * preprocessing before image n is done (overlap) or only after it (none).
 */
function overlapOf(seen: Record<string, Record<string, number>>, t0: number): BatchRun['overlap'] {
  const images = Object.values(seen).filter((s) => s.preprocessing !== undefined && s.grading !== undefined && s.done !== undefined)
    .sort((a, b) => a.preprocessing! - b.preprocessing!);
  let overlapping = 0;
  for (let i = 1; i < images.length; i++) if (images[i]!.preprocessing! < images[i - 1]!.done!) overlapping++;
  return {
    images: images.length,
    dropToFirstPreprocessingMs: images.length ? images[0]!.preprocessing! - t0 : NaN,
    preprocessingMedianMs: median(images.map((s) => s.grading! - s.preprocessing!)),
    gradingMedianMs: median(images.map((s) => s.done! - s.grading!)),
    startsBeforePreviousDone: overlapping,
    gapDoneToNextStartMedianMs: median(images.slice(1).map((s, i) => s.preprocessing! - images[i]!.done!)),
  };
}

/** The pipeline's own per-stage medians for these files (bench page, the app's pipeline worker) and one grade's median. */
async function stageMedians(o: BatchBenchOptions, format: string, files: string[]): Promise<StageMedians> {
  const { url, server } = await serve(o.benchDist);
  const b = await openPage(url);
  try {
    await b.page.route('**/batch-images/*', async (route) => {
      const index = Number(new URL(route.request().url()).pathname.split('/').pop());
      await route.fulfill({ body: readFileSync(files[index]!), contentType: 'application/octet-stream' });
    });
    type Bench = {
      load(u: string, b: string): Promise<unknown>;
      inferTimes(n: number): Promise<number[]>;
      workerPreprocessTimes(urls: string[], warm: number): Promise<{ times: number[]; stageMedians: Record<string, number> }>;
    };
    await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.load('/models/default/', 'auto'));
    const infer = await b.page.evaluate(() => (globalThis as unknown as { bench: Bench }).bench.inferTimes(9));
    const n = Math.min(files.length, 12);
    // Two images untimed first (JIT and OpenCV warm-up, as the batch had them behind it).
    const urls = [0, 1, ...Array.from({ length: n }, (_, i) => i)].map((i) => `/batch-images/${i}`);
    const prep = await b.page.evaluate(([u]) => (globalThis as unknown as { bench: Bench }).bench.workerPreprocessTimes(u, 2), [urls] as const);
    const inferenceMs = median(infer);
    const stagesMs = { ...prep.stageMedians, grade: inferenceMs };
    return { format, images: prep.times.length, stagesMs, inferenceMs, idealMs: Object.values(stagesMs).reduce((a, x) => a + x, 0) };
  } finally {
    await b.close();
    await server.close();
  }
}

export async function benchBatch(o: BatchBenchOptions): Promise<{ runs: BatchRun[]; stages: StageMedians[]; sources: string[] }> {
  o.log('batch: building the app (vite build into dist/)');
  buildApp(o.repo);
  const sources = sourceFiles(o.sharedData);
  const dir = mkdtempSync(path.join(tmpdir(), 'blastograde-batch-bench-'));
  const runs: BatchRun[] = [];
  const stages: StageMedians[] = [];
  try {
    const largest = Math.max(...o.sizes);
    o.log(`batch: encoding ${largest} copies of ${sources.length} real frames as ${o.formats.join(', ')} into ${dir}`);
    const byFormat = JSON.parse(python(o, [path.join(o.repo, 'bench/batch_images.py'), dir, String(largest), o.formats.join(','), ...sources])) as Record<string, string[]>;
    for (const format of o.formats) {
      if (!byFormat[format]) {
        o.log(`batch: ${format} skipped (the source frames are not ${format} files)`);
        continue;
      }
      const all = byFormat[format];
      o.log(`batch ${format}: stage medians in the bench page (pipeline worker, then the default model's grade)`);
      const s = await stageMedians(o, format, all);
      stages.push(s);
      o.log(`  ${Object.entries(s.stagesMs).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')} ms; sum ${s.idealMs.toFixed(0)} ms`);
      for (const n of o.sizes) for (const context of o.contexts) {
        const files = all.slice(0, n);
        o.log(`batch ${format}: ${n} images dropped into the built app, ${context === 'profile' ? 'a profile on disk' : 'incognito'} (load ${loadAverage().toFixed(1)})`);
        const run = await dropBatch(format, files, context);
        if (!o.skipTorch) {
          const t = JSON.parse(python(o, [path.join(o.repo, 'bench/batch_torch.py'), path.join(o.repo, 'public/models/default'), ...files, '--threads', String(o.cores)]));
          run.torch = { steadyMsPerImage: t.steadyMsPerImage, firstMs: t.firstMs, medianMs: t.medianMs, threads: t.threads };
        }
        runs.push(run);
        o.log(`  ${run.steadySecondsPerImage.toFixed(2)} s/image steady, first grade ${run.firstGradeSeconds.toFixed(1)} s, peak RSS ${run.peakRssMiB.toFixed(0)} MiB (${byKind(run.rssByKindMiB.peak)}), ${run.errors} errors (load ${run.loadAverage.toFixed(1)})${run.torch ? `; PyTorch ${(run.torch.steadyMsPerImage ?? NaN).toFixed(0)} ms/image` : ''}`);
      }
    }
  } finally {
    await stopServer();
    rmSync(dir, { recursive: true, force: true });
  }
  return { runs, stages, sources: sources.map((s) => path.relative(o.sharedData, s)) };
}

const byKind = (r: Record<string, number>) => Object.keys(r).sort().map((k) => `${k} ${r[k]}`).join(', ');

export function batchRows({ runs, stages, sources }: Awaited<ReturnType<typeof benchBatch>>): Row[] {
  const rows: Row[] = [['batch: source frames (cycled, one pixel changed per copy)', sources.join(', ')]];
  for (const s of stages) {
    rows.push([`batch ${s.format}: sum of stage medians (${Object.entries(s.stagesMs).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' + ')})`, fmt(s.idealMs)]);
  }
  for (const r of runs) {
    const s = stages.find((x) => x.format === r.format);
    const ideal = s ? s.idealMs / 1000 : NaN;
    // Runs from before the bench could choose were incognito.
    const at = (r.context ?? 'incognito') === 'profile' ? ', profile on disk' : ', incognito';
    const torch = r.torch?.steadyMsPerImage ? r.torch.steadyMsPerImage / 1000 : NaN;
    rows.push(
      [`batch ${r.format} N=${r.images}${at}: s/image steady (target <= 0.30)`, `${r.steadySecondsPerImage.toFixed(3)} s (${r.done} done, ${r.errors} errors, load ${r.loadAverage.toFixed(1)})`],
      [`batch ${r.format} N=${r.images}${at}: drop to first grade, model loaded (target <= 6 s)`, `${r.firstGradeSeconds.toFixed(2)} s (all done ${r.totalSeconds.toFixed(1)} s)`],
      [`batch ${r.format} N=${r.images}${at}: peak RSS, all Chromium processes`, `${r.peakRssMiB.toFixed(0)} MiB (${r.rssBeforeDropMiB.toFixed(0)} before the drop)`],
      [`batch ${r.format} N=${r.images}${at}: RSS by process kind, before the drop -> at the peak (MiB)`, r.rssByKindMiB ? Object.keys(r.rssByKindMiB.peak).sort().map((k) => `${k} ${r.rssByKindMiB.before[k] ?? 0} -> ${r.rssByKindMiB.peak[k]}`).join(', ') : 'n/a'],
      [`batch ${r.format} N=${r.images}${at}: in the app, median preprocessing / grading status time`, r.overlap ? `${fmt(r.overlap.preprocessingMedianMs)} / ${fmt(r.overlap.gradingMedianMs)} (drop to first preprocessing ${fmt(r.overlap.dropToFirstPreprocessingMs)})` : 'n/a'],
      [`batch ${r.format} N=${r.images}${at}: images started before the previous one was done`, r.overlap ? `${r.overlap.startsBeforePreviousDone} of ${r.overlap.images - 1} (median gap done -> next start ${fmt(r.overlap.gapDoneToNextStartMedianMs)})` : 'n/a'],
      [`batch ${r.format} N=${r.images}${at}: ratio steady / sum of stage medians`, fmt(r.steadySecondsPerImage / ideal, 'x')],
      [`batch ${r.format} N=${r.images}${at}: OpenCV + PyTorch s/image steady`, Number.isFinite(torch) ? `${torch.toFixed(3)} s (${r.torch!.threads} threads, first ${(r.torch!.firstMs / 1000).toFixed(3)} s)` : 'skipped'],
      [`batch ${r.format} N=${r.images}${at}: ratio app / OpenCV + PyTorch`, fmt(r.steadySecondsPerImage / torch, 'x')],
    );
  }
  return rows;
}

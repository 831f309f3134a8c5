// Learning a lab's whole archive (issue 23: 5,000 images, goal <= 10 min and <= 1.5 GB; +100
// labels re-learnt in <= 30 s from the cache), on N phantoms from the unfamiliar "microscope"
// (scripts/microscope-phantoms.ts) with their expansion/ICM/TE sheet: written once, N + 100 of
// them, into bench/out and reused. Then, as a user runs it:
//   CLI: `blastograde learn --cache` on the first N (cold cache): total time and peak RSS; then
//        on all N + 100 with the same cache (the +100 re-learn);
//   Chromium: the bench page's learning worker runs the app's learning job (runLearnJob: fetch,
//        decode, locate, prepare, trunk, cross-validation, curve, final fit) on the first N with
//        no cache: total time and the peak RSS of every Chromium process.
// BENCH_LEARN_ARCHIVE=N turns it on; BENCH_LEARN_ARCHIVE_LEGS=cli,browser (default both) picks
// legs (`none` only writes the archive), so each can have a locked slot of its own: results.json
// keeps the legs of an earlier run on an archive of the same size beside this run's.
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FOLDS } from '../src/features/learning';
import { descendantRss } from './process-rss';
import { openPage, serve } from './browser';
import { runCli, runScript } from './cli-run';
import type { ArchiveImage } from './learning-engine';
import { fmt, type Row } from './table';

/** Labels added for the re-learn. */
export const ADDED_LABELS = 100;
/** The goals. */
const GOAL = { coldSeconds: 600, peakMiB: 1536, relearnSeconds: 30 };

export interface ArchiveBenchOptions {
  dist: string;
  modelDir: string;
  out: string;
  n: number;
  legs: Set<'cli' | 'browser'>;
  log: (line: string) => void;
}

interface CliLeg {
  seconds: number;
  peakRssMiB: number;
  cpuSeconds: number;
  features: { computed: number; cached: number };
  timings: Record<string, number>;
}

/** The archive's folder (N + ADDED_LABELS phantoms, labels.csv) and the sheet of its first N rows; written once. */
async function archive(o: ArchiveBenchOptions): Promise<{ dir: string; firstSheet: string; allSheet: string; rows: string[] }> {
  const total = o.n + ADDED_LABELS;
  const dir = path.join(o.out, `learn-archive-${total}`);
  const allSheet = path.join(dir, 'labels.csv');
  if (!existsSync(path.join(dir, 'complete'))) {
    o.log(`learn archive: writing ${total} microscope phantoms and their sheet to ${dir} (once)`);
    await rm(dir, { recursive: true, force: true });
    runScript(fileURLToPath(new URL('../scripts/write-microscope-phantoms.ts', import.meta.url)), ['--out', dir, '--count', String(total)]);
    await writeFile(path.join(dir, 'complete'), '');
  }
  const [header, ...rows] = (await readFile(allSheet, 'utf8')).trim().split('\n');
  const firstSheet = path.join(dir, `labels-first-${o.n}.csv`);
  await writeFile(firstSheet, `${[header, ...rows.slice(0, o.n)].join('\n')}\n`);
  return { dir, firstSheet, allSheet, rows };
}

function cliLearn(sheet: string, dir: string, cache: string, out: string): CliLeg {
  const run = runCli(['learn', '--labels', sheet, '--images', dir, '--cache', cache, '--out', out, '--force']);
  const summary = JSON.parse(run.stdout) as { features: CliLeg['features']; timings: CliLeg['timings'] };
  return { seconds: run.seconds, peakRssMiB: run.peakRssMiB, cpuSeconds: run.cpuSeconds, features: { computed: summary.features.computed, cached: summary.features.cached }, timings: summary.timings };
}

async function browserLearn(o: ArchiveBenchOptions, dir: string, rows: string[]) {
  const images: ArchiveImage[] = rows.slice(0, o.n).map((row) => {
    const [name, expansion, icm, te] = row.split(',');
    return { url: `/bench-archive/${name}`, name: name!, labels: { expansion, ...(icm ? { icm } : {}), ...(te ? { te } : {}) } };
  });
  await cp(o.modelDir, path.join(o.dist, 'models', 'learn-base'), { recursive: true });
  // Served as static files beside the page (the worker fetches them; no request routing in between).
  await mkdir(path.join(o.dist, 'bench-archive'), { recursive: true });
  await Promise.all(images.map((image) => copyFile(path.join(dir, image.name), path.join(o.dist, 'bench-archive', image.name))));
  const { url, server } = await serve(o.dist);
  const b = await openPage(url);
  let peak = descendantRss(process.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, descendantRss(process.pid))), 500);
  try {
    type Page = { learnArchive(m: string, i: ArchiveImage[], opts: { folds: number }): Promise<{ totalMs: number; timings: { prepareMs: number; trunkMs: number; learnMs: number }; skipped: number; examples: number; backend: string }> };
    const learned = await b.page.evaluate(
      ([i, folds]) => (globalThis as unknown as { bench: Page }).bench.learnArchive('/models/learn-base/', i, { folds }),
      [images, DEFAULT_FOLDS] as const,
    );
    return { ...learned, peakRssMiB: peak / 2 ** 20 };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0]! };
  } finally {
    clearInterval(sampler);
    await b.close();
    await server.close();
  }
}

export async function benchLearnArchive(o: ArchiveBenchOptions) {
  const { dir, firstSheet, allSheet, rows } = await archive(o);
  const results: { n: number; added: number; cold?: CliLeg; relearn?: CliLeg; chromium?: Awaited<ReturnType<typeof browserLearn>> } = { n: o.n, added: ADDED_LABELS };
  if (o.legs.has('cli')) {
    const cache = path.join(dir, 'cli-feature-cache');
    await rm(cache, { recursive: true, force: true });
    o.log(`learn archive: blastograde learn --cache on the first ${o.n} (cold cache)`);
    results.cold = cliLearn(firstSheet, dir, cache, path.join(o.out, 'learn-archive-model'));
    o.log(`learn archive: blastograde learn --cache on all ${o.n + ADDED_LABELS} (${ADDED_LABELS} labels added)`);
    results.relearn = cliLearn(allSheet, dir, cache, path.join(o.out, 'learn-archive-model'));
  }
  if (o.legs.has('browser')) {
    o.log(`learn archive: the learning job in Chromium (WASM) on the first ${o.n}, no cache`);
    results.chromium = await browserLearn(o, dir, rows);
  }
  return results;
}

export type ArchiveFigures = Awaited<ReturnType<typeof benchLearnArchive>>;

/** The legs this run measured laid over those an earlier run measured on an archive of the same size (legs are run one locked slot each). */
export function withEarlierLegs(earlier: unknown, now: ArchiveFigures): ArchiveFigures {
  const before = earlier as Partial<ArchiveFigures> | undefined;
  if (before?.n !== now.n || before.added !== now.added) return now;
  return { ...before, ...Object.fromEntries(Object.entries(now).filter(([, v]) => v !== undefined)) } as ArchiveFigures;
}

const split = (t: Record<string, number>) =>
  `prepare ${fmt(t.prepareSeconds, 's')}, trunk ${fmt(t.featureSeconds, 's')}, cross-validation ${fmt(t.crossValidation, 's')}, curve ${fmt(t.curve, 's')}, final fit ${fmt(t.finalFit, 's')}`;

export function archiveRows(a: ArchiveFigures): Row[] {
  const rows: Row[] = [];
  const what = `${a.n} microscope phantoms, ${DEFAULT_FOLDS}-fold CV + curve + final fit`;
  if (a.cold) rows.push([`learn archive ${what}, CLI cold cache (goal <= ${GOAL.coldSeconds} s, ${GOAL.peakMiB} MiB)`, `${fmt(a.cold.seconds, 's')}, peak ${fmt(a.cold.peakRssMiB, 'MiB')} (${split(a.cold.timings)})`]);
  if (a.relearn) rows.push([`learn archive +${a.added} labels (${a.n + a.added}), CLI with the cache (goal <= ${GOAL.relearnSeconds} s)`, `${fmt(a.relearn.seconds, 's')}, peak ${fmt(a.relearn.peakRssMiB, 'MiB')}, ${a.relearn.features.cached} cached + ${a.relearn.features.computed} computed (${split(a.relearn.timings)})`]);
  const c = a.chromium;
  if (c && 'totalMs' in c) rows.push([`learn archive ${what}, Chromium WASM learning worker, no cache`, `${fmt(c.totalMs / 1000, 's')}, peak RSS all Chromium processes ${fmt(c.peakRssMiB, 'MiB')} (prepare ${fmt(c.timings.prepareMs / 1000, 's')}, trunk ${fmt(c.timings.trunkMs / 1000, 's')}, learning ${fmt(c.timings.learnMs / 1000, 's')}; ${c.skipped} skipped)`]);
  else if (c) rows.push([`learn archive ${what}, Chromium WASM`, `failed: ${c.error.slice(0, 100)}`]);
  return rows;
}

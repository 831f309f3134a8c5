// Learning a lab's whole archive (issue 23: 5,000 images, goal <= 10 min and <= 1.5 GB; +100
// labels re-learnt in <= 30 s from the cache), on N phantoms from the unfamiliar "microscope"
// (scripts/microscope-phantoms.ts) with their expansion/ICM/TE sheet: written once, N + 100 of
// them, into bench/out and reused. Then, as a user runs it:
//   CLI: `blastograde learn --cache` on the first N (cold cache): total time and peak RSS; then
//        on all N + 100 with the same cache (the +100 re-learn);
//   Chromium: the bench page's learning worker runs the app's learning job (runLearnJob: fetch,
//        decode, locate, prepare, trunk, cross-validation, curve, final fit) on the first N with
//        no cache: total time and the peak RSS of every Chromium process.
// BENCH_LEARN_ARCHIVE=N turns it on; BENCH_LEARN_ARCHIVE_LEGS=cli,browser,relearn (default cli,browser) picks
// legs (`none` only writes the archive), so each can have a locked slot of its own: results.json
// keeps the legs of an earlier run on an archive of the same size beside this run's.
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_FOLDS } from '../src/features/learning';
import { descendantRssByKind, samplePeakRss } from './process-rss';
import { openPage, serve, type BenchBrowser } from './browser';
import { runCli, runScript } from './cli-run';
import type { ArchiveImage } from './learning-engine';
import { fmt, type Row } from './table';

/** Labels added for the re-learn. */
export const ADDED_LABELS = 100;
/** The issue's goals. */
const GOAL = { coldSeconds: 600, peakMiB: 1536, relearnSeconds: 30 };

export interface ArchiveBenchOptions {
  dist: string;
  modelDir: string;
  out: string;
  n: number;
  legs: Set<'cli' | 'browser' | 'relearn' | 'trunk-batch'>;
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

const MiB = 2 ** 20;
/** How long the bench waits after the import before sampling what it left and learning. */
const AFTER_IMPORT_SETTLE_MS = 5_000;
/**
 * The peak of the summed RSS of every Chromium process over `run`, and each kind's share at that
 * peak (browser, renderer, gpu-process, utility, zygote), MiB; and the same for PSS (each shared
 * page counted once: the sum of RSS counts Chromium's binary and the zygote's pages in every process).
 */
async function withPeakRss<T>(run: () => Promise<T>): Promise<T & { peakRssMiB: number; peakByKindMiB: Record<string, number>; peakPssMiB: number; peakPssByKindMiB: Record<string, number> }> {
  const from = performance.now();
  const rss = samplePeakRss(500);
  const pss = samplePeakRss(1000, true);
  const mib = (k: Record<string, number>) => Object.fromEntries(Object.entries(k).map(([kind, v]) => [kind, Math.round(v / MiB)]));
  const stop = () => {
    const r = rss.stop();
    const p = pss.stop();
    return { peakRssMiB: r.peak / MiB, peakByKindMiB: mib(r.byKind), peakPssMiB: p.peak / MiB, peakPssByKindMiB: mib(p.byKind), peakAtMs: Math.round(r.at - from) };
  };
  try {
    const result = await run();
    return { ...result, ...stop() };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The archive's images as the bench page fetches them, served as static files beside the page (no request routing in between), with the base model. */
async function servedArchive(o: ArchiveBenchOptions, dir: string, rows: string[]): Promise<ArchiveImage[]> {
  const images: ArchiveImage[] = rows.map((row) => {
    const [name, expansion, icm, te] = row.split(',');
    return { url: `/bench-archive/${name}`, name: name!, labels: { expansion, ...(icm ? { icm } : {}), ...(te ? { te } : {}) } };
  });
  await cp(o.modelDir, path.join(o.dist, 'models', 'learn-base'), { recursive: true });
  await mkdir(path.join(o.dist, 'bench-archive'), { recursive: true });
  await Promise.all(images.map((image) => copyFile(path.join(dir, image.name), path.join(o.dist, 'bench-archive', image.name))));
  return images;
}

type PageLearn = { totalMs: number; timings: { prepareMs: number; trunkMs: number; learnMs: number }; features: { computed: number; cached: number }; skipped: number; examples: number; backend: string; modelHash: string; engineSeconds: unknown };

/** `run` on the bench page served from the build (on a profile on disk with `profileDir`); page and server closed after. */
async function onBenchPage<T>(o: ArchiveBenchOptions, run: (b: BenchBrowser) => Promise<T>, profileDir?: string): Promise<T> {
  const { url, server } = await serve(o.dist);
  const b = await openPage(url, [], profileDir ? { profileDir } : {});
  try {
    return await run(b);
  } finally {
    await b.close();
    await server.close();
  }
}
const failed = (error: unknown): { error: string } => ({ error: (error as Error).message.split('\n')[0]! });

async function browserLearn(o: ArchiveBenchOptions, dir: string, rows: string[]) {
  const images = await servedArchive(o, dir, rows.slice(0, o.n));
  type Page = { learnArchive(m: string, i: ArchiveImage[], opts: { folds: number }): Promise<PageLearn> };
  return onBenchPage(o, (b) =>
    withPeakRss(() => b.page.evaluate(([i, folds]) => (globalThis as unknown as { bench: Page }).bench.learnArchive('/models/learn-base/', i, { folds }), [images, DEFAULT_FOLDS] as const)),
  ).catch(failed);
}

/**
 * The app's re-learn in Chromium: on one page with a profile on disk (IndexedDB as a user's
 * browser keeps it) and a learning worker per learn, as the app runs it (BENCH_LEARN_KEEP_WORKER=1:
 * one kept throughout, as the app did before): the import
 * (every image of the N + ADDED_LABELS located: its content key and crop), the first N learned
 * with a cold IndexedDB feature cache (filling it), then all N + ADDED_LABELS learned through it.
 */
async function browserRelearn(o: ArchiveBenchOptions, dir: string, rows: string[]) {
  const all = await servedArchive(o, dir, rows);
  const profile = path.join(o.out, 'learn-archive-profile');
  await rm(profile, { recursive: true, force: true });
  const load = () => loadavg()[0]!;
  type Page = {
    /** workers: the app's locate workers; absent: one after another in the learning worker (trees from before them). */
    archiveLocate(i: { url: string; name: string }[]): Promise<{ ms: number; workers?: number; located: { name: string; key: string; crop: NonNullable<ArchiveImage['crop']> }[]; failed: { name: string; error: string }[] }>;
    archiveLearn(m: string, i: ArchiveImage[], opts: { folds: number; keepWorker?: boolean }): Promise<PageLearn>;
    archiveClose(): void;
  };
  const learn = (b: BenchBrowser, images: ArchiveImage[]) =>
    withPeakRss(async () => {
      const loadBefore = load();
      const learned = await b.page.evaluate(
        ([i, folds, keepWorker]) => (globalThis as unknown as { bench: Page }).bench.archiveLearn('/models/learn-base/', i, { folds, keepWorker }),
        [images, DEFAULT_FOLDS, process.env.BENCH_LEARN_KEEP_WORKER === '1'] as const,
      );
      return { ...learned, load: [loadBefore, load()] };
    });
  const session = async (b: BenchBrowser) => {
    const MiBs = (k: Record<string, number>) => Object.fromEntries(Object.entries(k).map(([kind, v]) => [kind, Math.round(v / MiB)]));
    // The page open and idle, before the import: what every later figure stands on.
    const idle = { rssByKindMiB: MiBs(descendantRssByKind(process.pid)), pssByKindMiB: MiBs(descendantRssByKind(process.pid, true)) };
    const loadBefore = load();
    const imported = await withPeakRss(() => b.page.evaluate((i) => (globalThis as unknown as { bench: Page }).bench.archiveLocate(i), all.map(({ url, name }) => ({ url, name }))));
    const { located, ...rest } = imported;
    // What the import leaves behind once it is done (its workers ended), before the learn starts.
    await new Promise((resolve) => setTimeout(resolve, AFTER_IMPORT_SETTLE_MS));
    const afterImport = { rssByKindMiB: MiBs(descendantRssByKind(process.pid)), pssByKindMiB: MiBs(descendantRssByKind(process.pid, true)) };
    const locate = { ...rest, located: located.length, load: [loadBefore, load()], afterImport };
    // Unlocated images are not imported (the app's import leaves them out and says why).
    const crops = new Map(located.map((l) => [l.name, l]));
    const examples = all.flatMap((image) => {
      const l = crops.get(image.name);
      return l ? [{ ...image, key: l.key, crop: l.crop }] : [];
    });
    const firstN = examples.filter((e) => rows.slice(0, o.n).some((r) => r.startsWith(`${e.name},`)));
    o.log(`learn archive: Chromium re-learn leg: ${examples.length} located in ${fmt(locate.ms / 1000, 's')}; learning the first ${firstN.length} (cold cache)`);
    const cold = await learn(b, firstN);
    o.log(`learn archive: Chromium re-learn leg: cold ${fmt(cold.totalMs / 1000, 's')}; learning all ${examples.length} through the cache`);
    const relearn = await learn(b, examples);
    await b.page.evaluate(() => (globalThis as unknown as { bench: Page }).bench.archiveClose());
    return { idle, locate, cold, relearn, errors: b.errors.slice(0, 5) };
  };
  return onBenchPage(o, session, profile).catch(failed);
}

/**
 * The trunk alone in Chromium at several batch sizes (images per execute), each in a fresh
 * learning worker, interleaved (8, 4, 2, 8, 4, 2 by default: BENCH_TRUNK_BATCHES) so a change of
 * load falls on all: time per image and the worker's tfjs WASM memory, on the archive's first 64.
 */
async function trunkBatches(o: ArchiveBenchOptions, dir: string, rows: string[]) {
  const images = await servedArchive(o, dir, rows.slice(0, 64));
  const sizes = (process.env.BENCH_TRUNK_BATCHES ?? '8,4,2,8,4,2').split(',').map(Number);
  type Page = { trunkProbe(m: string, u: string[], n: number): Promise<{ batchImages: number; msPerImage: number; heapMiB: number; heapWarmMiB: number; digest: number }> };
  return onBenchPage(o, async (b) => {
    const runs = [];
    for (const size of sizes) {
      const loadBefore = loadavg()[0]!;
      const run = await withPeakRss(() => b.page.evaluate(([u, n]) => (globalThis as unknown as { bench: Page }).bench.trunkProbe('/models/learn-base/', u, n), [images.map((i) => i.url), size] as const));
      runs.push({ ...run, load: [loadBefore, loadavg()[0]!] });
      o.log(`learn archive: trunk at ${size} images a batch: ${fmt(run.msPerImage, 'ms')} an image, WASM heap ${fmt(run.heapMiB, 'MiB')}, renderer peak RSS ${run.peakByKindMiB.renderer} MiB`);
    }
    return runs;
  });
}

export async function benchLearnArchive(o: ArchiveBenchOptions) {
  const { dir, firstSheet, allSheet, rows } = await archive(o);
  const results: {
    n: number;
    added: number;
    cold?: CliLeg;
    relearn?: CliLeg;
    chromium?: Awaited<ReturnType<typeof browserLearn>>;
    chromiumRelearn?: Awaited<ReturnType<typeof browserRelearn>>;
    trunkBatches?: Awaited<ReturnType<typeof trunkBatches>>;
  } = { n: o.n, added: ADDED_LABELS };
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
  if (o.legs.has('trunk-batch')) {
    o.log('learn archive: the trunk alone in Chromium at several batch sizes');
    results.trunkBatches = await trunkBatches(o, dir, rows);
  }
  if (o.legs.has('relearn')) {
    o.log(`learn archive: the app's re-learn in Chromium: import (locate) ${o.n + ADDED_LABELS}, learn the first ${o.n} filling the IndexedDB feature cache, then all through it`);
    results.chromiumRelearn = await browserRelearn(o, dir, rows);
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
  if (c && 'totalMs' in c) rows.push([`learn archive ${what}, Chromium WASM learning worker, no cache`, `${fmt(c.totalMs / 1000, 's')}, peak RSS all Chromium processes ${fmt(c.peakRssMiB, 'MiB')}${c.peakByKindMiB ? ` (${Object.entries(c.peakByKindMiB).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''} (prepare ${fmt(c.timings.prepareMs / 1000, 's')}, trunk ${fmt(c.timings.trunkMs / 1000, 's')}, learning ${fmt(c.timings.learnMs / 1000, 's')}; ${c.skipped} skipped)`]);
  else if (c) rows.push([`learn archive ${what}, Chromium WASM`, `failed: ${c.error.slice(0, 100)}`]);
  const r = a.chromiumRelearn;
  const kinds = (k: Record<string, number>) => Object.entries(k).map(([kind, mib]) => `${kind} ${mib}`).join(', ');
  const learnCell = (l: PageLearn & { peakRssMiB: number; peakByKindMiB: Record<string, number>; peakPssMiB: number; peakPssByKindMiB: Record<string, number> }) =>
    `${fmt(l.totalMs / 1000, 's')}, peak RSS all Chromium processes ${fmt(l.peakRssMiB, 'MiB')} (${kinds(l.peakByKindMiB)}), PSS ${fmt(l.peakPssMiB, 'MiB')} (${kinds(l.peakPssByKindMiB)}); ${l.features.cached} cached + ${l.features.computed} computed (prepare ${fmt(l.timings.prepareMs / 1000, 's')}, trunk ${fmt(l.timings.trunkMs / 1000, 's')}, learning ${fmt(l.timings.learnMs / 1000, 's')}; ${l.skipped} skipped)`;
  if (r && 'locate' in r) {
    rows.push([`learn archive import in Chromium: ${a.n + a.added} located ${r.locate.workers ? `on ${r.locate.workers} locate workers` : 'in the learning worker'}`, `${fmt(r.locate.ms / 1000, 's')}, ${r.locate.failed.length} not located, peak RSS ${fmt(r.locate.peakRssMiB, 'MiB')} (${kinds(r.locate.peakByKindMiB)}), PSS ${fmt(r.locate.peakPssMiB, 'MiB')}`]);
    const sum = (k: Record<string, number> = {}) => Object.values(k).reduce((x, y) => x + y, 0);
    if (r.locate.afterImport) rows.push([`learn archive after the import (${AFTER_IMPORT_SETTLE_MS / 1000} s later), idle page before it`, `RSS ${fmt(sum(r.locate.afterImport.rssByKindMiB), 'MiB')} (${kinds(r.locate.afterImport.rssByKindMiB)}), PSS ${fmt(sum(r.locate.afterImport.pssByKindMiB), 'MiB')}; idle RSS ${fmt(sum(r.idle.rssByKindMiB), 'MiB')}, PSS ${fmt(sum(r.idle.pssByKindMiB), 'MiB')}`]);
    rows.push([`learn archive first ${a.n}, Chromium, cold IndexedDB feature cache`, learnCell(r.cold)]);
    rows.push([`learn archive +${a.added} labels (${a.n + a.added}), Chromium with the IndexedDB cache (goal <= ${GOAL.relearnSeconds} s)`, learnCell(r.relearn)]);
  } else if (r) rows.push([`learn archive re-learn, Chromium`, `failed: ${r.error.slice(0, 100)}`]);
  return rows;
}

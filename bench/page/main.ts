// Bench page: runs the app's own inference and preprocess code for bench/run.mjs.
import * as Comlink from 'comlink';
import { registerOfflineSupport } from '../../src/app/offline/register-offline';
import { createGrader, type BackendPreference, type Grader } from '../../src/features/inference';
import { decodeImage, sniffFormat } from '../../src/features/ingest';
import { cropToInput, DEFAULT_MARGIN, loadOpenCv, locateEmbryo } from '../../src/features/preprocess';
import type { RgbaImage } from '../../src/lib/types';
import type { PipelineWorkerApi, PrepareTimings } from '../../src/app/batch-runner/worker-api';
import type { OrtBenchApi } from './ort.worker';
import type { LearnBenchApi } from './learn.worker';
import type { ArchiveImage } from '../learning-engine';

let grader: Grader | null = null;
/** The archive session's learning worker: started on first use; ended after each learn, as the app ends its learning worker with each run (kept across learns when asked: the app before 2026-12-07's evening). */
let archiveWorker: { raw: Worker; api: Comlink.Remote<LearnBenchApi> } | null = null;
/** The app's import's locate workers, where the tree has them. */
const locatorPools = import.meta.glob<typeof import('../../src/features/learner/locator-pool')>('../../src/features/learner/locator-pool.ts');
const archiveLearner = () => {
  if (!archiveWorker) {
    const raw = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module' });
    archiveWorker = { raw, api: Comlink.wrap<LearnBenchApi>(raw) };
  }
  return archiveWorker.api;
};
/** The file's format by its content (the app's own sniffing), for the per-format decode medians. */
const formatOf = (b: Uint8Array) => {
  const sniffed = sniffFormat(b);
  return sniffed.kind === 'image' ? sniffed.format.toUpperCase() : 'other';
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function syntheticCrop(size: [number, number], seed: number): RgbaImage {
  const [h, w] = size;
  const data = new Uint8ClampedArray(h * w * 4);
  for (let i = 0; i < h * w; i++) data.set([(i * 7 + seed * 13) % 256, (i * 3 + seed) % 256, (i >> 5) % 256, 255], i * 4);
  return { width: w, height: h, data };
}

async function preprocess(bytes: Uint8Array, input: { size: [number, number]; resize: 'bilinear' | 'nearest' }) {
  const cv = await loadOpenCv();
  const decoded = decodeImage(bytes);
  const located = locateEmbryo(cv, decoded, { margin: DEFAULT_MARGIN });
  if (!located.ok) throw new Error(located.error);
  return cropToInput(decoded, located.crop, input);
}

async function fetchBytes(url: string) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

const api = {
  async load(url: string, backend: BackendPreference, wasmThreads?: number) {
    grader?.dispose();
    const t0 = performance.now();
    grader = await createGrader({ kind: 'url', url, cacheName: 'blastograde-models-v1' }, { backend, wasmThreads });
    return { ms: performance.now() - t0, backend: grader.backend, warmUpMs: grader.warmUpMs, crossOriginIsolated };
  },
  /** Inference only (worker round trip included), on synthetic crops. */
  async inferTimes(n: number) {
    if (!grader) throw new Error('load first');
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await grader.grade(syntheticCrop(grader.card.input.size, i));
      times.push(performance.now() - t0);
    }
    return times;
  },
  /** Decode + localise + crop per image, on the page's main thread. */
  async preprocessTimes(urls: string[]) {
    await loadOpenCv();
    const input = grader?.card.input ?? { size: [320, 320] as [number, number], resize: 'bilinear' as const };
    const times: number[] = [];
    for (const url of urls) {
      const bytes = await fetchBytes(url);
      const t0 = performance.now();
      await preprocess(bytes, input);
      times.push(performance.now() - t0);
    }
    return times;
  },
  /**
   * The app's own pipeline worker, as a batch uses it: decode, thumbnail, localise, crop
   * and crop PNG per image, timed as the page sees it (worker round trip included).
   */
  async workerPreprocessTimes(urls: string[], warmUpImages = 0) {
    const worker = new Worker(new URL('../../src/app/batch-runner/pipeline.worker.ts', import.meta.url), { type: 'module' });
    const pipeline = Comlink.wrap<PipelineWorkerApi>(worker);
    try {
      await pipeline.warmUp();
      // a batch's steady state: the first images also pay for the JIT warming up
      for (const url of urls.slice(0, warmUpImages)) await pipeline.prepare(await (await fetch(url)).arrayBuffer(), { inputSize: [320, 320], resize: 'bilinear' });
      urls = urls.slice(warmUpImages);
      const times: number[] = [];
      const stages: PrepareTimings[] = [];
      const decodeTimes: Record<string, number[]> = {};
      const failures: string[] = [];
      for (const url of urls) {
        const bytes = await (await fetch(url)).arrayBuffer();
        const format = formatOf(new Uint8Array(bytes, 0, Math.min(32, bytes.byteLength)));
        const t0 = performance.now();
        const result = await pipeline.prepare(bytes, { inputSize: [320, 320], resize: 'bilinear' });
        const ms = performance.now() - t0;
        if (result.ok) {
          times.push(ms);
          stages.push(result.timingsMs);
          (decodeTimes[format] ??= []).push(result.timingsMs.decode);
        } else failures.push(result.error);
      }
      const stageMedians = Object.fromEntries(
        (['decode', 'thumbnail', 'localise', 'crop'] as const).map((k) => [k, median(stages.map((s) => s[k]))]),
      ) as unknown as PrepareTimings;
      const decodeByFormat = Object.fromEntries(Object.entries(decodeTimes).map(([f, xs]) => [f, { images: xs.length, medianMs: median(xs) }]));
      return { times, stageMedians, decodeByFormat, failures };
    } finally {
      worker.terminate();
    }
  },
  /**
   * A batch end to end. overlap: preprocess image i+1 while the worker grades image i;
   * otherwise one image at a time (no oversubscription of the WASM thread pool).
   */
  async endToEnd(urls: string[], overlap = true) {
    if (!grader) throw new Error('load first');
    const g = grader;
    await loadOpenCv();
    const files = await Promise.all(urls.map(fetchBytes));
    const t0 = performance.now();
    let pending: Promise<unknown> = Promise.resolve();
    const grades: string[] = [];
    for (const bytes of files) {
      const crop = await preprocess(bytes, g.card.input);
      await pending;
      pending = g.grade(crop).then((p) => grades.push(p.heads.map((h) => h.argmax).join('')));
      if (!overlap) await pending;
    }
    await pending;
    return { ms: performance.now() - t0, grades, memory: await g.memory() };
  },
  /** Full predictions for images (browser-vs-CLI agreement check). */
  async gradeFiles(urls: string[]) {
    if (!grader) throw new Error('load first');
    const out: (Awaited<ReturnType<Grader['grade']>> | null)[] = [];
    for (const url of urls) {
      try {
        out.push(await grader.grade(await preprocess(await fetchBytes(url), grader.card.input)));
      } catch {
        out.push(null);
      }
    }
    return out;
  },
  async heapBytes() {
    const measure = (performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }).measureUserAgentSpecificMemory;
    if (measure && crossOriginIsolated) return (await measure.call(performance)).bytes;
    return (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null;
  },
  async ort(url: string, threads: number, n: number, size: number, batch = 1) {
    const worker = new Worker(new URL('./ort.worker.ts', import.meta.url), { type: 'module' });
    const ort = Comlink.wrap<OrtBenchApi>(worker);
    try {
      const loaded = await ort.load(url, threads);
      const times = await ort.infer(n, size, batch);
      return { loadMs: loaded.ms, threads: loaded.threads, median: median(times), times };
    } finally {
      worker.terminate();
    }
  },
  /**
   * The learning engine in its own worker on the crops the driver prepared (one raw
   * float32 file, `outcomes.length` crops): features, k-fold cross-validation, final fit.
   */
  async learn(modelUrl: string, cropsUrl: string, outcomes: (0 | 1)[], options: { folds: number }) {
    const all = new Float32Array(await (await fetch(cropsUrl)).arrayBuffer());
    const length = all.length / outcomes.length;
    const inputs = outcomes.map((_, i) => all.slice(i * length, (i + 1) * length));
    const worker = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module' });
    try {
      const learned = await Comlink.wrap<LearnBenchApi>(worker).learn(modelUrl, inputs, outcomes, options);
      // plain arrays: what page.evaluate hands back to the driver
      return { ...learned, features: learned.features.map((f) => Array.from(f)) };
    } finally {
      worker.terminate();
    }
  },
  /** A labelled phantom archive learned in the learning worker as the app learns it (images fetched by URL, no cache). */
  async learnArchive(modelUrl: string, images: ArchiveImage[], options: { folds: number }) {
    const worker = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module' });
    try {
      return await Comlink.wrap<LearnBenchApi>(worker).learnArchive(modelUrl, images, options);
    } finally {
      worker.terminate();
    }
  },
  /** The trunk alone at `batchImages` images per execute, in a fresh learning worker. */
  async trunkProbe(modelUrl: string, urls: string[], batchImages: number) {
    const worker = new Worker(new URL('./learn.worker.ts', import.meta.url), { type: 'module' });
    try {
      return await Comlink.wrap<LearnBenchApi>(worker).trunkProbe(modelUrl, urls, batchImages);
    } finally {
      worker.terminate();
    }
  },
  /**
   * The archive session's import, as the app's import does it: every image located (key and
   * crop) on the app's locate workers, one per core, a few in hand (trees from before them: one
   * after another in the learning worker, as the app did then).
   */
  async archiveLocate(images: { url: string; name: string }[]) {
    const load = Object.values(locatorPools)[0];
    if (!load) return archiveLearner().locateArchive(images);
    const [{ locatorPool }, { runAtOnce }] = await Promise.all([load(), import('../../src/lib/run-at-once')]);
    const pool = locatorPool();
    const started = performance.now();
    const results: Awaited<ReturnType<typeof pool.locate>>[] = new Array(images.length);
    try {
      await runAtOnce(images.length, pool.workers, async (i) => {
        results[i] = await pool.locate(images[i]!.name, await (await fetch(images[i]!.url)).arrayBuffer());
      });
    } finally {
      pool.close();
    }
    return {
      ms: performance.now() - started,
      workers: pool.workers,
      located: results.flatMap((r) => (r.ok ? [{ name: r.name, key: r.key, crop: r.crop }] : [])),
      failed: results.flatMap((r) => (r.ok ? [] : [{ name: r.name, error: r.error }])),
    };
  },
  /** A learn in the archive session's worker, through the app's IndexedDB feature cache. */
  async archiveLearn(modelUrl: string, images: ArchiveImage[], options: { folds: number; keepWorker?: boolean }) {
    try {
      return await archiveLearner().learnArchive(modelUrl, images, { folds: options.folds, cache: true });
    } finally {
      if (!options.keepWorker) api.archiveClose();
    }
  },
  archiveClose() {
    archiveWorker?.raw.terminate();
    archiveWorker = null;
  },
};

(globalThis as unknown as { bench: typeof api }).bench = api;
await registerOfflineSupport();
document.getElementById('status')!.textContent = 'ready';

// The learning engine in a worker, as the app runs it: tfjs on WASM, the base package
// from a URL, features of the crops (normalised model inputs: the caching step), then
// k-fold cross-validation and the final fit. Timed here, inside the worker.
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import { chooseBackend } from '../../src/features/inference/backend';
import { loadModelPackage } from '../../src/features/inference/load-model';
import { prepareModelInput } from '../../src/features/inference/prepare-model-input';
import { urlSource } from '../../src/features/inference/model-source';
import { wasmBinaryUrls } from '../../src/features/inference/wasm-assets';
import { openExampleStore } from '../../src/features/learning/headless';
import { loadOpenCv } from '../../src/features/preprocess';
import { locateArchiveImage } from '../../src/features/learner/locate-archive-image';
import { storedFeatureCache } from '../../src/features/learner/stored-feature-cache';
import type { ArchiveImage, BenchFitter, LearningEngine } from '../learning-engine';

// Resolved at build time; empty while the engine is not in the tree yet.
const engines = import.meta.glob<LearningEngine>('../../src/features/learner/headless.ts');
/** The app learning worker's fit workers (one per core), where the tree has them. */
type FitPool = BenchFitter & { terminate(): void };
const fitPools = import.meta.glob<{ fitWorkerPool: (workers: number) => FitPool }>('../../src/features/learner/worker-fitter.ts');

/** The learning engine, the WASM backend and the base model package, as each leg starts from them. */
async function prepare(modelUrl: string) {
  const load = Object.values(engines)[0];
  if (!load) throw new Error('src/features/learner/headless.ts is not in this build');
  const engine = await load();
  const backend = await chooseBackend('wasm', { paths: wasmBinaryUrls });
  const base = await loadModelPackage(urlSource(modelUrl));
  return { engine, backend, base };
}

/** The app's IndexedDB feature cache (the learning worker's, through the same module), opened on first use. */
let featureCache: ReturnType<typeof storedFeatureCache> | null = null;
const bytesOf = async (url: string) => new Uint8Array(await (await fetch(url)).arrayBuffer());

const api = {
  async learn(modelUrl: string, inputs: Float32Array[], outcomes: (0 | 1)[], options: { folds: number }) {
    const { engine, backend, base } = await prepare(modelUrl);
    const started = performance.now();
    const features = await engine.extractFeatures(base, inputs);
    const extracted = performance.now();
    const examples = features.map((f, i) => ({ key: String(i), features: f, labels: { outcome: outcomes[i] }, source: 'bench' }));
    const learned = await engine.learnFromExamples(base, examples, { folds: options.folds });
    const finished = performance.now();
    return {
      backend: backend.reason,
      featuresMs: extracted - started,
      learnMs: finished - extracted,
      totalMs: finished - started,
      featureLength: features[0]?.length ?? 0,
      features,
      report: learned.report,
      modelHash: learned.modelHash,
    };
  },

  /**
   * The trunk alone on `urls` prepared as learning prepares them, `batchImages` images per
   * execute (each with its orientations): its time once warm (one image run first) and the
   * learning worker's tfjs WASM memory after it (it grows to the largest batch and never shrinks);
   * a fresh worker per call. `digest`: the sum of every feature value (equal across batch sizes).
   */
  async trunkProbe(modelUrl: string, urls: string[], batchImages: number) {
    const { engine, base } = await prepare(modelUrl);
    const inputs: Float32Array[] = [];
    for (const url of urls) {
      const prepared = await prepareModelInput(await bytesOf(url), base.card, { decoder: 'native-png' });
      if (prepared.ok) inputs.push(prepared.modelInput);
    }
    const heap = () => ((tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm?.HEAPU8?.buffer.byteLength ?? NaN) / 2 ** 20;
    await engine.extractFeatures(base, inputs.slice(0, 1), { batchSize: 1 });
    const heapWarm = heap();
    const started = performance.now();
    const features = await engine.extractFeatures(base, inputs, { batchSize: batchImages });
    const ms = performance.now() - started;
    return { batchImages, images: inputs.length, ms, msPerImage: ms / inputs.length, heapWarmMiB: heapWarm, heapMiB: heap(), digest: features.reduce((sum, f) => f.reduce((a, b) => a + b, sum), 0) };
  },

  /**
   * The archive's import: each image read and located one after another in this worker, as the
   * app's import hands each to the learning worker's `locate` (the same function): its content key
   * and crop, which the learning job's examples carry and the feature cache is keyed by.
   */
  async locateArchive(images: { url: string; name: string }[]) {
    // OpenCV's WASM memory (locating runs in it) before and after: growth that stays is held there, not in the JS heap.
    const cvHeap = async () => ((await loadOpenCv()) as unknown as { HEAPU8?: Uint8Array }).HEAPU8?.buffer.byteLength ?? NaN;
    const cvBefore = await cvHeap();
    const started = performance.now();
    const located: { name: string; key: string; crop: NonNullable<ArchiveImage['crop']> }[] = [];
    const failed: { name: string; error: string }[] = [];
    for (const image of images) {
      const result = await locateArchiveImage(image.name, await bytesOf(image.url));
      if (result.ok) located.push({ name: image.name, key: result.key, crop: result.crop });
      else failed.push({ name: image.name, error: result.error });
    }
    const ms = performance.now() - started;
    return { ms, located, failed, openCvHeapMiB: [cvBefore / 2 ** 20, (await cvHeap()) / 2 ** 20] };
  },

  /**
   * A lab's archive learned as the app's learning worker learns it (runLearnJob: each image
   * fetched, decoded and located, prepared, through the trunk, then cross-validation, the
   * learning curve and the final fit). With `cache`, through the app's IndexedDB feature cache
   * (storedFeatureCache, as the learning worker opens it) and at each image's imported crop (its
   * key and crop from locateArchive); without, no cache: every feature computed.
   */
  async learnArchive(modelUrl: string, images: ArchiveImage[], options: { folds: number; cache?: boolean }) {
    const { engine, backend, base } = await prepare(modelUrl);
    const started = performance.now();
    const examples = images.map((image) => ({
      key: image.key ?? image.name,
      name: image.name,
      labels: image.labels,
      crop: image.crop,
      source: 'bench archive',
      read: async () => ({ ok: true as const, bytes: await bytesOf(image.url) }),
    }));
    if (options.cache) featureCache ??= storedFeatureCache(openExampleStore());
    // Head fits on fit workers, one per core, as the app's learning worker runs them.
    const loadPool = Object.values(fitPools)[0] as (() => Promise<{ fitWorkerPool: (workers: number) => FitPool }>) | undefined;
    const workers = Math.min(4, navigator.hardwareConcurrency || 1);
    const fitter = loadPool && workers > 1 ? (await loadPool()).fitWorkerPool(workers) : undefined;
    // Where the time goes: ms since the start at each stage's start and at every 50th image's features.
    const timeline: [ms: number, what: string][] = [];
    let stage = '';
    const onProgress = (p: { stage: string; done?: number; label?: string }) => {
      const ms = Math.round(performance.now() - started);
      const what = p.stage === 'cross-validation' || p.stage === 'curve' ? `${p.stage} ${p.label ?? ''}`.trim() : p.stage;
      if (what !== stage) timeline.push([ms, (stage = what)]);
      else if (p.stage === 'features' && p.done !== undefined && p.done % 50 === 0) timeline.push([ms, `features ${p.done}`]);
    };
    const job = await engine
      .runLearnJob(base, examples, { folds: options.folds, decoder: 'native-png', fitter, featureCache: options.cache ? featureCache! : undefined, onProgress })
      .finally(() => fitter?.terminate());
    timeline.push([Math.round(performance.now() - started), 'done']);
    // The learning worker's tfjs WASM memory (it grows to the largest trunk batch and never shrinks).
    const wasm = (tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } }).wasm;
    return {
      backend: backend.reason,
      totalMs: performance.now() - started,
      timings: job.timings,
      features: job.features,
      skipped: job.skipped.length,
      examples: job.learned.report.examples,
      engineSeconds: job.learned.report.seconds,
      modelHash: job.learned.modelHash,
      timeline,
      wasmHeapMiB: wasm?.HEAPU8 ? wasm.HEAPU8.buffer.byteLength / 2 ** 20 : null,
    };
  },
};

export type LearnBenchApi = typeof api;
Comlink.expose(api);

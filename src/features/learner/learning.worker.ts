// The learning worker trains: the same learning job as `blastograde learn` (runLearnJob), on the
// WASM backend, with the examples' features kept in IndexedDB (learning's example store), so a
// second run (or one after a reload) reads them back instead of running the trunk; the head
// fits run side by side on fit workers, one per core (worker-fitter.ts). An example
// whose image can no longer be read or prepared is left out and listed (never strict here).
import * as Comlink from 'comlink';
import { chooseBackend, loadModelPackage, memorySource, urlSource, type LoadedModelPackage } from '../inference/headless';
import { wasmBinaryUrls } from '../inference/wasm-assets';
import { openExampleStore, type TrainProgress, type TrainRequest, type TrainResult } from '../learning/headless';
import { runLearnJob, type LearnJobExample, type LearnJobProgress } from './learn-job';
import { DEFAULT_MEMORY_LIMIT_BYTES } from './memory-estimate';
import { storedFeatureCache } from './stored-feature-cache';
import type { LearningWorkerApi } from './worker-api';
import { fitWorkerPool, type PooledFitter } from './worker-fitter';

const READ_FAILED = 'the file could not be read (it may have been moved or changed)';
const store = openExampleStore();
let backend: Promise<unknown> | null = null;
let running: AbortController | null = null;
/** Head fits on one fit worker per core (none on one core), started with each run and ended with it, so their memory goes with them. */
const fitWorkers = Math.min(4, navigator.hardwareConcurrency || 1);

/** Features per model, image, crop, locator version and feature set (every example of the app has the crop found at its import). */
const featureCache = storedFeatureCache(store);

async function loadBase(source: TrainRequest['base']): Promise<LoadedModelPackage> {
  const files = source.kind === 'url' ? urlSource(new URL(source.url, self.location.href).href, { cacheName: source.cacheName }) : memorySource(source.files, source.label);
  return loadModelPackage(files);
}

/** The job's progress as the panel shows it: `ready` ends loading; each feature step counts done. */
function panelProgress(p: LearnJobProgress): TrainProgress {
  if (p.stage === 'ready') return { stage: 'loading', done: 1, total: 1 };
  if (p.stage === 'features') return { stage: 'features', done: p.done, total: p.total, cached: p.cached };
  return { stage: p.stage, done: p.done, total: p.total, label: p.label, fold: p.fold };
}

const api: LearningWorkerApi = {
  async train(request, onProgress) {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    let fitter: PooledFitter | undefined;
    try {
      onProgress({ stage: 'loading', done: 0, total: 1 });
      backend ??= chooseBackend('wasm', { paths: wasmBinaryUrls, threads: Math.max(1, navigator.hardwareConcurrency || 1) });
      fitter = fitWorkers > 1 ? fitWorkerPool(fitWorkers) : undefined;
      const [base] = await Promise.all([loadBase(request.base), backend]);
      const examples: LearnJobExample[] = request.examples.map(({ key, fileName, original, crop, labels, source, date }) => ({
        key, name: fileName, crop, labels, source, date,
        read: () => original.arrayBuffer().then((buffer) => ({ ok: true as const, bytes: new Uint8Array(buffer) }), () => ({ ok: false as const, error: READ_FAILED })),
      }));
      const job = await runLearnJob(base, examples, {
        folds: request.folds, seed: request.seed, id: request.id, version: request.version,
        memoryLimitBytes: request.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
        featureCache, fitter, decoder: 'native-png', signal: controller.signal,
        onProgress: (p) => onProgress(panelProgress(p)),
      });
      const { learned, features, timings, skipped } = job;
      const result: TrainResult = {
        ...learned, ...features, skipped,
        ms: { features: timings.prepareMs + timings.trunkMs, learning: timings.learnMs },
      };
      return Comlink.transfer(result, [...new Set(Object.values(learned.files).map((f) => f.buffer as ArrayBuffer))]);
    } finally {
      fitter?.terminate();
      if (running === controller) running = null;
    }
  },

  cancel() {
    running?.abort(new DOMException('Training was cancelled.', 'AbortError'));
  },
};

Comlink.expose(api);

// The learning worker: decodes and locates archive images with the grading pipeline, and
// trains. Features of each example are computed once per base model and kept in IndexedDB,
// so a second run (or one after a reload) reads them back instead of running the trunk.
import * as Comlink from 'comlink';
import { chooseBackend, loadModelPackage, memorySource, prepareModelInput, urlSource, type LoadedModelPackage } from '../inference/headless';
import { contentHash } from '../ingest';
import { prepareImage } from '../pipeline';
import { featureKey, openExampleStore, type TrainingExample, type TrainProgress, type TrainRequest, type TrainResult } from '../learning/headless';
import { checkLearnable, extractFeatures, learnFromExamples, releaseFeatureGraph, type LearningExample } from './headless';
import { DEFAULT_MEMORY_LIMIT_BYTES, featureSizeFromWeights, memoryRefusal } from './memory-estimate';
import { wasmBinaryUrls } from '../inference/wasm-assets';
import type { LearningWorkerApi } from './worker-api';

/** Size the crop is made at to locate an archive image (only the crop box is kept). */
const LOCATE_INPUT: [number, number] = [64, 64];
const store = openExampleStore();
let backend: Promise<unknown> | null = null;

let running: AbortController | null = null;

const cancelled = (signal: AbortSignal) => {
  if (signal.aborted) throw new DOMException('Training was cancelled.', 'AbortError');
};

async function loadBase(source: TrainRequest['base']): Promise<LoadedModelPackage> {
  const files = source.kind === 'url' ? urlSource(new URL(source.url, self.location.href).href, { cacheName: source.cacheName }) : memorySource(source.files, source.label);
  return loadModelPackage(files);
}

async function featuresOf(
  pkg: LoadedModelPackage,
  examples: TrainingExample[],
  signal: AbortSignal,
  report: (p: TrainProgress) => void,
): Promise<{ features: Float32Array[]; cached: number }> {
  const ids = examples.map((e) => featureKey(pkg.modelHash, e.key, e.crop));
  const known = await store.features(ids);
  const features: Float32Array[] = new Array(examples.length);
  let done = 0;
  report({ stage: 'features', done, total: examples.length, cached: known.size });
  for (const [index, example] of examples.entries()) {
    cancelled(signal);
    let vector = known.get(ids[index]!);
    if (!vector) {
      const bytes = new Uint8Array(await example.original.arrayBuffer());
      const prepared = await prepareModelInput(bytes, pkg.card, { manualCrop: example.crop, decoder: 'native-png' });
      if (!prepared.ok) throw new Error(`${example.fileName}: ${prepared.error}`);
      [vector] = await extractFeatures(pkg, [prepared.modelInput], { signal });
      // Kept at once: a run cut short by a reload keeps what it computed.
      await store.putFeatures(pkg.modelHash, [[ids[index]!, vector!]]);
    }
    features[index] = vector!;
    report({ stage: 'features', done: ++done, total: examples.length, cached: known.size });
  }
  return { features, cached: known.size };
}

const api: LearningWorkerApi = {
  async locate(name, bytes) {
    const data = new Uint8Array(bytes);
    const key = await contentHash(data);
    const prepared = await prepareImage(data, { inputSize: LOCATE_INPUT, resize: 'bilinear', decoder: 'native-png' });
    if (!prepared.ok) return { ok: false, name, error: prepared.error };
    return { ok: true, name, key, crop: prepared.localisation.crop, warnings: prepared.warnings };
  },

  async train(request, onProgress) {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    const { signal } = controller;
    try {
      onProgress({ stage: 'loading', done: 0, total: 1 });
      backend ??= chooseBackend('wasm', { paths: wasmBinaryUrls, threads: Math.max(1, navigator.hardwareConcurrency || 1) });
      const [pkg] = await Promise.all([loadBase(request.base), backend]);
      const modelBytes = pkg.weightData.byteLength;
      const refusal = memoryRefusal(
        { examples: request.examples.length, featureSize: featureSizeFromWeights(pkg.weightSpecs), modelBytes, inputSize: pkg.card.input.size },
        request.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES,
      );
      if (refusal) throw new Error(refusal);
      // Too few examples, or one class only: refused with what is needed, before any feature is taken.
      checkLearnable(pkg, request.examples.map((e) => e.labels), { folds: request.folds, seed: request.seed });
      onProgress({ stage: 'loading', done: 1, total: 1 });

      let mark = performance.now();
      const { features, cached } = await featuresOf(pkg, request.examples, signal, onProgress);
      await releaseFeatureGraph(pkg);
      const featuresMs = performance.now() - mark;
      mark = performance.now();
      const examples: LearningExample[] = request.examples.map((e, i) => ({
        key: e.key, features: features[i]!, labels: e.labels, source: e.source, date: e.date,
      }));
      const sources = [...new Set(request.examples.map((e) => e.source))];
      const learned = await learnFromExamples(pkg, examples, {
        folds: request.folds, seed: request.seed, sources, id: request.id, version: request.version, signal,
        onProgress: (p) => onProgress({ stage: p.stage, done: p.done, total: p.total, label: p.label, fold: p.fold }),
      });
      cancelled(signal);
      const result: TrainResult = {
        card: learned.card, files: learned.files, report: learned.report, modelHash: learned.modelHash,
        computed: request.examples.length - cached, cached, ms: { features: featuresMs, learning: performance.now() - mark },
      };
      return Comlink.transfer(result, [...new Set(Object.values(learned.files).map((f) => f.buffer as ArrayBuffer))]);
    } finally {
      if (running === controller) running = null;
    }
  },

  cancel() {
    running?.abort();
  },
};

Comlink.expose(api);

// The inference worker: tfjs (and its WASM threads) live here so the page never freezes.
import * as Comlink from 'comlink';
import { chooseBackend, type BackendChoice } from './backend';
import { loadModelPackage } from './load-model';
import type { Grader } from './grader';
import { createLocalGrader } from './local-grader';
import { memorySource, urlSource } from './model-source';
import { wasmBinaryUrls } from './wasm-assets';
import type { InferenceWorkerApi } from './worker-api';

let grader: Grader | null = null;
// tfjs allows one backend choice per realm; a later load reuses it.
let backend: Promise<BackendChoice> | null = null;

function requireGrader(): Grader {
  if (!grader) throw new Error('no model is loaded');
  return grader;
}

const api: InferenceWorkerApi = {
  async load(source, options, onProgress) {
    const started = performance.now();
    backend ??= chooseBackend(options.backend, { paths: wasmBinaryUrls, threads: options.wasmThreads });
    const files = source.kind === 'url' ? urlSource(source.url, { cacheName: source.cacheName }) : memorySource(source.files, source.label);
    const [pkg, choice] = await Promise.all([loadModelPackage(files, { onProgress }), backend]);
    grader?.dispose();
    grader = null;
    const loadMs = performance.now() - started;
    const loaded = await createLocalGrader(pkg, choice, { thresholds: options.thresholds, loadMs });
    grader = loaded;
    return { card: pkg.card, modelHash: pkg.modelHash, backend: choice, loadMs, warmUpMs: loaded.warmUpMs };
  },
  grade: (image) => requireGrader().grade(image),
  gradCam: (image, head, options) => requireGrader().gradCam(image, head, options),
  setThresholds: (thresholds) => requireGrader().setThresholds(thresholds),
  memory: () => requireGrader().memory(),
  dispose() {
    grader?.dispose();
    grader = null;
  },
};

Comlink.expose(api);

// The inference worker: tfjs (and its WASM threads) live here so the page never freezes.
import * as Comlink from 'comlink';
import { chooseBackend, type BackendChoice } from './backend';
import { loadModelPackage } from './load-model';
import { createLocalGrader, type LocalGrader } from './local-grader';
import { memorySource, urlSource } from './model-source';
import { wasmBinaryUrls } from './wasm-assets';
import type { InferenceWorkerApi } from './worker-api';

let grader: LocalGrader | null = null;
// tfjs allows one backend choice per realm; a later load reuses it.
let backend: Promise<BackendChoice> | null = null;

function requireGrader(): LocalGrader {
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
    grader = await createLocalGrader(pkg, choice, { thresholds: options.thresholds });
    return { card: pkg.card, modelHash: pkg.modelHash, backend: choice, loadMs: performance.now() - started, warmUpMs: grader.warmUpMs };
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

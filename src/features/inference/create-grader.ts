// The page-side handle on a model: spawns the inference worker, loads and verifies the
// package there, and exposes what the batch runner and the UI need.
import * as Comlink from 'comlink';
import type { BackendPreference } from './backend-types';
import type { Grader } from './grader';
import type { LoadProgress } from './load-model';
import type { ConfidenceThresholds } from './confidence';
import type { InferenceWorkerApi, WorkerModelSource } from './worker-api';

export type GraderSource = WorkerModelSource;

export interface CreateGraderOptions {
  backend?: BackendPreference;
  /** WASM threads; default every logical core. */
  wasmThreads?: number;
  thresholds?: ConfidenceThresholds;
  onProgress?: (progress: LoadProgress) => void;
}


export async function createGrader(source: GraderSource, options: CreateGraderOptions = {}): Promise<Grader> {
  const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
  const api = Comlink.wrap<InferenceWorkerApi>(worker);
  try {
    const progress = options.onProgress ? Comlink.proxy(options.onProgress) : undefined;
    const info = await api.load(source, { backend: options.backend ?? 'auto', wasmThreads: options.wasmThreads, thresholds: options.thresholds }, progress);
    return {
      card: info.card,
      modelHash: info.modelHash,
      backend: info.backend,
      loadMs: info.loadMs,
      warmUpMs: info.warmUpMs,
      grade: (image) => api.grade(image),
      gradCam: (image, head, camOptions) => api.gradCam(image, head, camOptions),
      setThresholds: (thresholds) => api.setThresholds(thresholds),
      memory: () => api.memory(),
      dispose() {
        api[Comlink.releaseProxy]();
        worker.terminate();
      },
    };
  } catch (error) {
    worker.terminate();
    throw error;
  }
}

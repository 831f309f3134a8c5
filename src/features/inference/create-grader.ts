// The page-side handle on a model: spawns the inference worker, loads and verifies the
// package there, and exposes what the batch runner and the UI need.
import * as Comlink from 'comlink';
import type { HeadName, Prediction, RgbaImage } from '../../lib/types';
import type { BackendChoice, BackendPreference } from './backend-types';
import type { GradCamOptions, GradCamResult } from './grad-cam';
import type { LoadProgress } from './load-model';
import type { ModelCard, ResizeMode } from './model-card';
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

export interface ModelGrader {
  readonly modelId: string;
  /** Model input as the card says: the crop is made at this size. */
  readonly input: { size: [number, number]; resize: ResizeMode };
  readonly card: ModelCard;
  readonly modelHash: string;
  readonly backend: BackendChoice;
  readonly loadMs: number;
  readonly warmUpMs: number;
  grade(input: RgbaImage): Promise<Prediction>;
  gradCam(input: RgbaImage, head: HeadName, options?: GradCamOptions): Promise<GradCamResult>;
  setThresholds(thresholds: ConfidenceThresholds): Promise<void>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  /** Ends the worker (and its WASM threads). */
  dispose(): void;
}

export async function createGrader(source: GraderSource, options: CreateGraderOptions = {}): Promise<ModelGrader> {
  const worker = new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: 'inference' });
  const api = Comlink.wrap<InferenceWorkerApi>(worker);
  try {
    const progress = options.onProgress ? Comlink.proxy(options.onProgress) : undefined;
    const info = await api.load(source, { backend: options.backend ?? 'auto', wasmThreads: options.wasmThreads, thresholds: options.thresholds }, progress);
    return {
      modelId: info.card.id,
      input: { size: info.card.input.size, resize: info.card.input.resize },
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

// The typed boundary between the page and the inference worker.
import type { HeadName, Prediction, RgbaImage } from '../../lib/types';
import type { BackendChoice, BackendPreference } from './backend-types';
import type { GradCamOptions, GradCamResult } from './grad-cam';
import type { LoadProgress } from './load-model';
import type { ModelCard } from './model-card';
import type { ConfidenceThresholds } from './confidence';

export type WorkerModelSource =
  /** A package under a URL on the app's origin, cached for offline starts. */
  | { kind: 'url'; url: string; cacheName?: string }
  /** A package's files by name (picked folder, or the IndexedDB copy of one). */
  | { kind: 'files'; files: Record<string, ArrayBuffer>; label: string };

export interface WorkerLoadOptions {
  backend: BackendPreference;
  /** WASM threads; default every logical core. */
  wasmThreads?: number;
  thresholds?: ConfidenceThresholds;
}

export interface LoadedModelInfo {
  card: ModelCard;
  modelHash: string;
  backend: BackendChoice;
  loadMs: number;
  warmUpMs: number;
}

export interface InferenceWorkerApi {
  load(source: WorkerModelSource, options: WorkerLoadOptions, onProgress?: (progress: LoadProgress) => void): Promise<LoadedModelInfo>;
  grade(image: RgbaImage): Promise<Prediction>;
  gradCam(image: RgbaImage, head: HeadName, options?: GradCamOptions): Promise<GradCamResult>;
  setThresholds(thresholds: ConfidenceThresholds): Promise<void>;
  memory(): Promise<{ numTensors: number; numBytes: number }>;
  dispose(): void;
}

// The typed boundary between the page and the learning worker.
import type { GraderSource } from '../inference';
import type { CropBox } from '../../lib/types';
import type { ExampleLabels } from './example-store';
// Types only: erased from the page's bundle (tfjs stays in the worker).
import type { LearnedPackage } from './train/types';

/** One archive image decoded and located, as the grading pipeline does it. */
export type PreparedArchiveImage =
  | { ok: true; name: string; key: string; crop: CropBox; warnings: string[] }
  | { ok: false; name: string; error: string };

export interface TrainingExample {
  key: string;
  fileName: string;
  original: Blob;
  crop: CropBox;
  labels: ExampleLabels;
  source: string;
  date?: string;
}

export interface TrainRequest {
  base: GraderSource;
  examples: TrainingExample[];
  folds: number;
  seed: number;
  /** Id and version of the learned model's card. */
  id: string;
  version: string;
  memoryLimitBytes: number;
}

export type TrainStage = 'loading' | 'features' | 'cross-validation' | 'final-fit' | 'writing';

export interface TrainProgress {
  stage: TrainStage;
  done: number;
  total: number;
  label?: string;
  fold?: number;
  /** Examples whose features came from the cache (features stage). */
  cached?: number;
}

export interface TrainResult extends LearnedPackage {
  /** Examples whose features were computed in this run, and those read from the cache. */
  computed: number;
  cached: number;
  ms: { features: number; learning: number };
}

export interface LearningWorkerApi {
  prepare(name: string, bytes: ArrayBuffer): Promise<PreparedArchiveImage>;
  train(request: TrainRequest, onProgress: (progress: TrainProgress) => void): Promise<TrainResult>;
  /** Stops a run at its next step; the train call then rejects. */
  cancel(): void;
}

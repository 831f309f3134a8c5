// What the "Learn from this lab" panel needs from whoever trains: decode and locate an
// archive's images for an import, and train on the examples (progress, cancel). The learner
// feature's worker client is one; the app hands it to the panel, so learning never imports
// the engine (the learner imports learning's labels, folds and metrics: one way).
import type { GraderSource, ModelCard } from '../inference';
import type { CropBox } from '../../lib/types';
import type { LearnReport, SkippedImage } from './learn-report';
import type { ExampleLabels } from './types';

/** One archive image decoded and located, as the grading pipeline does it (not pipeline's PreparedImage: only what an import keeps). */
export type LocatedArchiveImage =
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
  /** This browser's memory ceiling for a run (the learner's default when absent). */
  memoryLimitBytes?: number;
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

export interface TrainResult {
  card: ModelCard;
  /** model.json, grading.json and the shard, by file name. */
  files: Record<string, Uint8Array>;
  report: LearnReport;
  modelHash: string;
  /** Examples whose features were computed in this run, and those read from the cache. */
  computed: number;
  cached: number;
  /** Examples left out because their image could not be read or prepared, with why (also in report.skippedImages). */
  skipped: SkippedImage[];
  ms: { features: number; learning: number };
}

export interface LabTrainer {
  /** How many images `locate` works on at once (an import keeps that many in hand). */
  readonly locators: number;
  /** Decodes and locates one image of an archive being imported. */
  locate(name: string, bytes: ArrayBuffer): Promise<LocatedArchiveImage>;
  /** The import is done: what locating holds (its workers' memory) is given back. */
  endLocating(): void;
  train(request: TrainRequest, onProgress: (progress: TrainProgress) => void): Promise<TrainResult>;
  /** Asks the run to stop at its next step; its train call then rejects. */
  cancel(): Promise<void>;
  /** Ends a run that did not stop (its worker, at once); the next call starts afresh. */
  terminate(): void;
}

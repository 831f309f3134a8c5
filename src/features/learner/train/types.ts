// The learning engine's contract: examples (pooled features and labels) in, a validated model
// package out. Plain data so a worker can post it. The report's shape belongs to the learning
// feature (learn-report.ts: the panel shows it without importing the engine).
import type { ModelCard } from '../../inference';
import type { ExampleLabels, LearnLabel, LearnReport, SkippedImage } from '../../learning/headless';
import type { HeadFitter } from './head-fitter';

export type {
  FeatureSetChoice,
  FeatureSetName,
  GradeLabel,
  GradeLabelReport,
  Interval,
  LabelReport,
  LearnLabel,
  LearnReport,
  OutcomeLabelReport,
  SkippedImage,
  TrainingSettings,
} from '../../learning/headless';

export interface LearningExample {
  /** Stable id: the image's content hash or its file name. */
  key: string;
  /** Pooled trunk features as extractFeatures takes them: every part of the base's feature layout (featureLayout), e.g. 320 values [block 3 mean, block 4 mean, gap]. */
  features: Float32Array;
  labels: ExampleLabels;
  /** Sheet or batch name, for the card. */
  source?: string;
  /** ISO date of the image or batch, when known. */
  date?: string;
}

export interface LearnProgress {
  stage: 'cross-validation' | 'final-fit' | 'writing';
  done: number;
  total: number;
  label?: LearnLabel;
  fold?: number;
}

export interface LearnOptions {
  /** Cross-validation folds; default 5. */
  folds?: number;
  /** Seeds the folds, the weight initialisation and the bootstrap; default 1. */
  seed?: number;
  /** What outcome 1 meant in the lab's data; default 'good'. */
  positiveLabel?: string;
  /** Cross-validate at 25/50/75 % of the labels too, for the report's learning curve; default true. */
  curve?: boolean;
  sources?: string[];
  /** Labelled images left out because they could not be used (the job's skip list), for the report and the card. */
  skippedImages?: SkippedImage[];
  id?: string;
  version?: string;
  date?: Date;
  /**
   * Where the head fits run: default here, one after another; a host with cores to spare (the
   * CLI) runs them in parallel. The heads, and so the package, are the same either way.
   */
  fitter?: HeadFitter;
  signal?: AbortSignal;
  onProgress?: (progress: LearnProgress) => void;
}

export interface LearnedPackage {
  card: ModelCard;
  /** model.json, grading.json and the shard, by file name. */
  files: Record<string, Uint8Array>;
  report: LearnReport;
  modelHash: string;
}

export class LearnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LearnError';
  }
}

// The learning engine's contract (docs: notes/learning-api.md): examples in, a validated
// model package out. Plain data so a worker can post it.
import type { ModelCard } from '../../inference';
import type { ClassificationMetrics, Interval, OutcomeMetrics } from '../metrics';

export type LearnLabel = 'expansion' | 'icm' | 'te' | 'outcome';
export type GradeLabel = Exclude<LearnLabel, 'outcome'>;

export interface LearningExample {
  /** Stable id: the image's content hash or its file name. */
  key: string;
  /** Pooled trunk features: the node the grade heads read (see featureNodeForHeads). */
  features: Float32Array;
  labels: { expansion?: string; icm?: string; te?: string; outcome?: 0 | 1 };
  /** Sheet or batch name, for the card. */
  source?: string;
  /** ISO date of the image or batch, when known. */
  date?: string;
}

export interface LearnProgress {
  stage: 'features' | 'cross-validation' | 'final-fit' | 'writing';
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
  sources?: string[];
  id?: string;
  version?: string;
  date?: Date;
  signal?: AbortSignal;
  onProgress?: (progress: LearnProgress) => void;
}

/** Base model and learned heads scored on the same out-of-fold examples. */
export interface GradeLabelReport {
  label: GradeLabel;
  examples: number;
  classCounts: Record<string, number>;
  base: ClassificationMetrics;
  learned: ClassificationMetrics;
  warnings: string[];
}

export interface OutcomeLabelReport {
  label: 'outcome';
  examples: number;
  classCounts: Record<string, number>;
  positiveLabel: string;
  /** What the base model was scored by: its expected expansion grade, per fold turned into a probability by a one-variable logistic fit on the training folds. */
  baseComparator: string;
  base: OutcomeMetrics;
  learned: OutcomeMetrics;
  /** ROC AUC of the base's expected expansion over all examples, no fitting at all. */
  baseScoreAuc: number;
  warnings: string[];
}

export type LabelReport = GradeLabelReport | OutcomeLabelReport;

export interface LearnReport {
  method: 'heads-retrained';
  folds: number;
  seed: number;
  examples: number;
  /** Labels learned, in order expansion, icm, te, outcome. */
  labels: LearnLabel[];
  /** Labels present in no example or skipped, with why. */
  skipped: { label: LearnLabel; reason: string }[];
  perLabel: LabelReport[];
  /** Regularisation and optimiser settings, so the figures can be reproduced. */
  training: TrainingSettings;
  warnings: string[];
  seconds: { crossValidation: number; finalFit: number };
}

export interface TrainingSettings {
  gradeHeads: { optimizer: 'momentum' | 'adam'; steps: number; learningRate: number; l2TowardsBase: number };
  outcomeHead: { optimizer: 'momentum' | 'adam'; steps: number; learningRate: number; l2: number; calibration: string };
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

export type { Interval };

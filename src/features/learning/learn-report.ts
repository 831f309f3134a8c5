// The cross-validated report of a model learned from the lab's labels: per label, the base
// model and the learned heads scored on the same out-of-fold examples. Plain data: the
// learner writes it (and the card keeps it), the panel shows it.
import type { ClassificationMetrics, OutcomeMetrics } from './metrics';

export type LearnLabel = 'expansion' | 'icm' | 'te' | 'outcome';
export type GradeLabel = Exclude<LearnLabel, 'outcome'>;

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

/** A labelled image a learning run could not use, and why. */
export interface SkippedImage {
  name: string;
  error: string;
}

export interface LearnReport {
  method: 'heads-retrained';
  folds: number;
  seed: number;
  examples: number;
  /** Labels learned, in order expansion, icm, te, outcome. */
  labels: LearnLabel[];
  /** Labels present in no example or skipped, with why. */
  skipped: { label: LearnLabel; reason: string }[];
  /**
   * Labelled images that could not be read, decoded or located, left out of this model with
   * why (`examples` counts only the images learned from). Absent in reports written before.
   */
  skippedImages?: SkippedImage[];
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

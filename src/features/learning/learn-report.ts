// The cross-validated report of a model learned from the lab's labels: per label, the base
// model and the learned heads scored on the same out-of-fold examples. Plain data: the
// learner writes it (and the card keeps it), the panel shows it.
import type { CurveEstimate, LogLinearFit } from './curve-fit';
import type { ClassificationMetrics, Interval, OutcomeMetrics } from './metrics';

export type LearnLabel = 'expansion' | 'icm' | 'te' | 'outcome';
export type GradeLabel = Exclude<LearnLabel, 'outcome'>;

/**
 * Pooled trunk features a head can read: `gap` (the mean of the last block, what the base heads
 * read) or `blocks345-mean` (the means of blocks 3, 4 and 5 concatenated, gap the last part).
 */
export type FeatureSetName = 'gap' | 'blocks345-mean';

/** How the report names each set. */
export const FEATURE_SET_TITLES: Record<FeatureSetName, string> = {
  gap: 'gap (block 5 mean)',
  'blocks345-mean': 'blocks 3+4+5 mean',
};

/** Which feature set a head learned from, chosen per label by cross-validation on the same folds. */
export interface FeatureSetChoice {
  chosen: FeatureSetName;
  /** Each candidate's figure (the label's: macro-F1 or ROC AUC) on the same folds (`comparedOn`), first the preferred one. */
  candidates: { set: FeatureSetName; values: number; figure: Interval }[];
  figure: 'macro-F1' | 'ROC AUC';
  /** The folds the candidates were fitted and scored on: the first `folds` of the label's `of`, holding out `examples` (absent in reports written when every fold was used). */
  comparedOn?: { folds: number; of: number; examples: number };
  /** How the choice was made, in a sentence. */
  rule: string;
}

/** Base model and learned heads scored on the same out-of-fold examples. */
export interface GradeLabelReport {
  label: GradeLabel;
  examples: number;
  classCounts: Record<string, number>;
  base: ClassificationMetrics;
  learned: ClassificationMetrics;
  warnings: string[];
  /** ICM and TE: the A-vs-B/C ROC AUC overall and within equal expansion grades. */
  withinExpansion?: WithinExpansionReport;
  /** The features the learned head reads and why (absent in reports written before the choice). */
  featureSet?: FeatureSetChoice;
}

/**
 * A grade head's ranking of its best class (A) against the rest, overall and counted only over
 * pairs of embryos with the same expansion grade (the lab's): a head that ranks ICM only through
 * expansion is high overall and at chance within.
 */
export interface WithinExpansionReport {
  positiveClass: string;
  /** Score: the out-of-fold probability of the positive class (the base's own probability for the base). */
  score: string;
  /** Examples carrying both this grade and an expansion grade (the within figure's examples). */
  examples: number;
  /** Same-expansion (positive, other) pairs counted, and the expansion grades holding both. */
  pairs: number;
  expansionGrades: number;
  overall: { base: Interval; learned: Interval } | null;
  within: { base: Interval; learned: Interval } | null;
  /** True when the learned head ranks above chance overall but not within equal expansion. */
  learnedExpansionOnly: boolean;
  verdict: 'within-expansion' | 'expansion-only' | 'no-signal' | 'not-measured';
  /** One sentence for the report. */
  note: string;
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
  /** The features the learned head reads and why (absent in reports written before the choice). */
  featureSet?: FeatureSetChoice;
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
  seconds: { crossValidation: number; finalFit: number; curve?: number };
  /** Cross-validated figures at growing shares of the labels, and what doubling them may give. */
  curve?: LearningCurve;
}

export interface LearningCurvePoint {
  fraction: number;
  examples: number;
  /** The learned head's cross-validated figure (the report's: macro-F1 for a grade, ROC AUC for outcome), 95 % bootstrap interval. */
  figure: Interval;
}

export interface LabelCurve {
  label: LearnLabel;
  figure: 'macro-F1' | 'ROC AUC';
  points: LearningCurvePoint[];
  /** Fractions that could not be measured, with why (e.g. a class too small for the folds). */
  skipped: { fraction: number; examples: number; reason: string }[];
  fit: LogLinearFit | null;
  /** The figure expected with twice the labels: an estimate, extrapolated from the fit. */
  doubled: (CurveEstimate & { note: string }) | null;
  /** Why there is no fit or estimate, when there is none. */
  noFit?: string;
}

export interface LearningCurve {
  fractions: number[];
  method: string;
  labels: LabelCurve[];
}

export interface TrainingSettings {
  gradeHeads: { optimizer: 'momentum' | 'adam'; steps: number; learningRate: number; l2TowardsBase: number };
  outcomeHead: { optimizer: 'momentum' | 'adam'; steps: number; learningRate: number; l2: number; calibration: string };
}

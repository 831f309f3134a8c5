// Types shared across features: the boundaries between ingest, preprocess,
// inference, ranking, review, export and storage. Keep them small and stable.

/** 8-bit RGBA pixels, row-major, the one raster format every step exchanges. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** An ellipse in original-image pixels (angle in degrees, as OpenCV reports it). */
export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angleDeg: number;
}

/** A square crop in original-image pixels; may extend past the image (the outside filled with the image border colour). */
export interface CropBox {
  x: number;
  y: number;
  size: number;
}

export type HeadName = 'expansion' | 'icm' | 'te';
export const HEAD_NAMES: readonly HeadName[] = ['expansion', 'icm', 'te'];

/** A head's final grade: one of the model's classes, or explicitly not gradable. */
export const NOT_GRADABLE = 'NG';

export interface HeadPrediction {
  name: HeadName;
  /** Labels in the model's output order, e.g. ["C","B","A"]. */
  classes: string[];
  probabilities: number[];
  /** The class with the highest probability. */
  argmax: string;
  lowConfidence: boolean;
  /**
   * How many of the orientations the grade averages (the crop turned and mirrored) call, on
   * their own, the same class as the average. Absent on a prediction stored before grades
   * recorded it: unknown, never a reason to flag.
   */
  viewAgreement?: ViewAgreement;
  /**
   * The model card's grading rule for this head: the lowest expansion class from which its
   * output is used. Absent (a card without the rule, or a prediction stored before cards had
   * it): DEFAULT_GRADED_FROM_EXPANSION.
   */
  gradedFromExpansion?: string;
}

/** `agree` of the `of` views' own argmax calls equal the averaged call (0 <= agree <= of). */
export interface ViewAgreement {
  agree: number;
  of: number;
}

/**
 * Gardner grades ICM and TE from expansion 3 (a full blastocyst) on; below it they are not
 * gradable. The rule a head follows when its model card states none.
 */
export const DEFAULT_GRADED_FROM_EXPANSION: Readonly<Partial<Record<HeadName, string>>> = { icm: '3', te: '3' };

/**
 * A model's lab-outcome output (a model card with `outcome`): the probability that this
 * embryo's binary outcome is positive, as the lab's own data defined positive. Not a
 * Gardner head: it is ranked on only by the "lab outcome" policy.
 */
export interface OutcomePrediction {
  /** Sigmoid probability in [0, 1]. */
  probability: number;
  /** What positive meant in the lab's data, e.g. "good" or "fetal heart" (the card's `outcome.positiveLabel`). */
  positiveLabel: string;
}

export interface Prediction {
  heads: HeadPrediction[];
  /** Present only when the model's card has an outcome output. */
  outcome?: OutcomePrediction;
  modelId: string;
  modelVersion: string;
  /** sha256 over the model's weight manifest: which exact weights made the grade. */
  modelHash: string;
  /** The model card's intended-use sentence, carried onto every grade sheet. */
  intendedUse: string;
  /** What the card's real-embryo figures say not to rely on, when anything; carried onto every grade sheet. */
  realSignalWarning?: string;
  backend: string;
  inferenceMs: number;
}

export type ImageStatus = 'queued' | 'preprocessing' | 'grading' | 'done' | 'error';

export const DECISIONS = ['undecided', 'transfer', 'freeze', 'discard', 'biopsy'] as const;
export type Decision = (typeof DECISIONS)[number];

export type EmbryoDay = 'D5' | 'D6' | 'D7';

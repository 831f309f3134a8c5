import type { HeadGrade } from '../ranking';
import type { CropBox, Decision, Ellipse, HeadName, HeadPrediction, ImageStatus, OutcomePrediction } from '../../lib/types';

/**
 * What the review says about one embryo, apart from how the table draws it: the facts every
 * grade sheet is made from (the app's and the CLI's), built by `reviewedEmbryo`.
 */
export interface ReviewedEmbryo {
  id: string;
  /** Embryo number within the batch (order of arrival, from 1). */
  number: number;
  fileName: string;
  error: string | null;
  heads: HeadPrediction[] | null;
  /** Only from a model with an outcome head: the probability that the lab's outcome is positive. */
  outcome?: OutcomePrediction;
  /** Combined grades as shown ("4AB", "1––": a head that is not graded shows "–"). */
  aiGrade: string;
  finalGrade: string;
  /** Per head, the AI's grade as used and the grade that stands, after the card's grading rule (embryoGrades). */
  grades: Record<HeadName, HeadGrade>;
  overrides: Partial<Record<HeadName, string>>;
  rank: number | null;
  tie: boolean;
  /** The ranking's flags, one sentence each. */
  flags: string[];
  /** Why the ranking puts this embryo after every unflagged one ("Ranked after unflagged embryos: …"); null when it does not. */
  demotion: string | null;
  scoreLabel: string;
  decision: Decision;
  notes: string;
  /** Where the lab keeps the embryo, as typed ('' when not given). */
  dish: string;
  well: string;
}

/** One embryo as the review table shows it: the reviewed facts and what drawing it needs. */
export interface EmbryoRow extends ReviewedEmbryo {
  status: ImageStatus;
  warnings: string[];
  thumbnailUrl: string | null;
  cropUrl: string | null;
  imageSize: { width: number; height: number } | null;
  ellipse: Ellipse | null;
  crop: CropBox | null;
  manualCrop: boolean;
}

/** What the embryologist can do to a row; the app records each in the audit trail. */
export interface ReviewActions {
  setDecision(id: string, decision: Decision): void;
  setNotes(id: string, notes: string): void;
  /** The embryo's dish or well label, saved as typed. */
  setPlace(id: string, field: 'dish' | 'well', value: string): void;
  /** grade: a class label, 'NG' (not gradable) or null to go back to the AI grade. */
  setOverride(id: string, head: HeadName, grade: string | null): void;
  retry(id: string): void;
  editCrop(id: string): void;
  /** Large view (with heatmaps) of one embryo. */
  view(id: string): void;
}

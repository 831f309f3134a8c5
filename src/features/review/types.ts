import type { CropBox, Decision, Ellipse, HeadName, HeadPrediction, ImageStatus, OutcomePrediction } from '../../lib/types';

/** One embryo as the review table shows it (built by the app from storage + ranking). */
export interface EmbryoRow {
  id: string;
  number: number;
  fileName: string;
  status: ImageStatus;
  error: string | null;
  warnings: string[];
  thumbnailUrl: string | null;
  cropUrl: string | null;
  imageSize: { width: number; height: number } | null;
  ellipse: Ellipse | null;
  crop: CropBox | null;
  manualCrop: boolean;
  heads: HeadPrediction[] | null;
  /** Only from a model with an outcome head: the probability that the lab's outcome is positive. */
  outcome?: OutcomePrediction;
  aiGrade: string;
  finalGrade: string;
  overrides: Partial<Record<HeadName, string>>;
  rank: number | null;
  tie: boolean;
  flags: string[];
  scoreLabel: string;
  decision: Decision;
  notes: string;
}

/** What the embryologist can do to a row; the app records each in the audit trail. */
export interface ReviewActions {
  setDecision(id: string, decision: Decision): void;
  setNotes(id: string, notes: string): void;
  /** grade: a class label, 'NG' (not gradable) or null to go back to the AI grade. */
  setOverride(id: string, head: HeadName, grade: string | null): void;
  retry(id: string): void;
  editCrop(id: string): void;
  /** Large view (with heatmaps) of one embryo. */
  view(id: string): void;
}

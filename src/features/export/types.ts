// The grade sheet: exactly what the review screen shows, handed to every exporter.
// Plain data (strings, numbers, Uint8Array) so it serialises and crosses workers.
import type { Decision, EmbryoDay, HeadName, OutcomePrediction, ViewAgreement } from '../../lib/types';

export interface GradeSheetMeta {
  clinic?: string;
  patientId: string;
  cycleId: string;
  /** Absent when no batch states it (`blastograde grade --csv`); the app always has one. */
  day?: EmbryoDay;
  /** Embryologist's initials. */
  embryologist: string;
  /** ISO 8601 date (YYYY-MM-DD) or date-time of the grading session. */
  date: string;
}

export interface GradeSheetModel {
  id: string;
  version: string;
  /** sha256 over the weight manifest. */
  hash: string;
  /** The model card's `intendedUse` sentence; the PDF prints it and the synthetic-data warning it implies. */
  intendedUse?: string;
  /** What the model card's real-embryo figures say not to rely on (e.g. a head no better than chance); printed under the intended use. */
  realSignalWarning?: string;
}

export interface GradeSheetRanking {
  /** Policy name as shown on screen, e.g. "Expected score (probabilities)". */
  policy: string;
  /** true: ranked on final (overridden) grades; false: on AI grades only. */
  finalGradesUsed: boolean;
  /** The expected-score weights used and the heads the model card's default left out, e.g. "weights Expansion 1, ICM 0, TE 0; TE left out: …"; absent under other policies. */
  weights?: string;
}

export interface GradeSheetHead {
  name: HeadName;
  /** Labels in the model's output order. */
  classes: string[];
  probabilities: number[];
  /** The AI's grade as used: its argmax, or 'NG' when the card's grading rule does not grade this head at the AI's expansion (ICM/TE below 3). */
  aiGrade: string;
  /** The embryologist's grade: a class label, 'NG' (not gradable), or null when not overridden. */
  finalGrade: string | null;
  /**
   * The grade that stands: the embryologist's, else the AI's under the grading rule at the final expansion;
   * 'NG' when not graded. Absent in sheets written before it was recorded (then finalGrade ?? aiGrade).
   */
  grade?: string;
  lowConfidence: boolean;
  /** How many of the orientation views make the AI's call; absent for a grade made before it was recorded. */
  viewAgreement?: ViewAgreement;
}

export interface GradeSheetRow {
  /** 1 = first choice; null = unranked (not graded, failed). */
  rank: number | null;
  /** Shares its rank with another embryo. */
  tie: boolean;
  file: string;
  /** Embryo number within the batch, as the lab labels it. */
  embryo: number;
  dish?: string;
  well?: string;
  /** Combined AI grade as shown, e.g. "4AB" or "1––" (a head not graded shows "–"); "" when not graded. */
  aiGrade: string;
  /** Combined final grade as shown, e.g. "4AC" or "2––". */
  finalGrade: string;
  overridden: boolean;
  /** One per model head; empty when the image was not graded. */
  heads: GradeSheetHead[];
  /** Only from a model with an outcome head: the probability that the lab's outcome is positive. */
  outcome?: OutcomePrediction;
  /** The ranking's score as shown, e.g. "0.874" or "BS 5 (good)". */
  score?: string;
  /** Reasons this embryo was flagged (not gradable, low confidence, error ...), one sentence each. */
  flags: string[];
  /** Why the ranking puts this embryo after every unflagged one; absent when it does not. */
  demotion?: string;
  decision: Decision;
  notes: string;
  /** Crop thumbnail as PNG bytes (the PDF prints it). */
  thumbnailPng?: Uint8Array;
  /** ISO 8601 time of the row's last change. */
  timestamp: string;
}

export interface GradeSheet {
  meta: GradeSheetMeta;
  model: GradeSheetModel;
  ranking: GradeSheetRanking;
  /** In rank order, as on screen. */
  rows: GradeSheetRow[];
}

// A reviewed embryo → one row of the grade sheet: the one mapping every host uses (the app's
// export and `blastograde grade --csv`), so a fact the review has reaches every sheet alike.
import { NOT_GRADABLE } from '../../lib/types';
import type { ReviewedEmbryo } from '../review';
import type { GradeSheetRow } from './types';

/** What the review row does not hold: the crop to print and when the row last changed. */
export interface SheetRowExtras {
  thumbnailPng?: Uint8Array;
  /** ISO 8601. */
  timestamp: string;
}

export function gradeSheetRow(embryo: ReviewedEmbryo, { thumbnailPng, timestamp }: SheetRowExtras): GradeSheetRow {
  return {
    rank: embryo.rank,
    tie: embryo.tie,
    file: embryo.fileName,
    embryo: embryo.number,
    ...(embryo.dish ? { dish: embryo.dish } : {}),
    ...(embryo.well ? { well: embryo.well } : {}),
    aiGrade: embryo.aiGrade,
    finalGrade: embryo.finalGrade,
    overridden: Object.keys(embryo.overrides).length > 0,
    // The grades after the card's grading rule, as the review decided them: a head not graded is 'NG' on every sheet.
    heads: (embryo.heads ?? []).map((h) => {
      const { ai, final } = embryo.grades[h.name];
      const aiGrade = ai ?? h.argmax;
      return {
        name: h.name, classes: h.classes, probabilities: h.probabilities, aiGrade,
        finalGrade: embryo.overrides[h.name] ?? null, grade: final ?? aiGrade,
        // The model's doubt about an output the rule does not use is no reason to look again.
        lowConfidence: h.lowConfidence && aiGrade !== NOT_GRADABLE,
        ...(h.viewAgreement ? { viewAgreement: h.viewAgreement } : {}),
      };
    }),
    ...(embryo.outcome ? { outcome: embryo.outcome } : {}),
    score: embryo.scoreLabel || undefined,
    // The sheet has no error column: why an image was not graded is its first flag.
    flags: embryo.error ? [embryo.error, ...embryo.flags] : embryo.flags,
    ...(embryo.demotion ? { demotion: embryo.demotion } : {}),
    decision: embryo.decision,
    notes: embryo.notes,
    thumbnailPng,
    timestamp,
  };
}

// The CSV of `blastograde grade`: the app's grade sheet, one row per file in argument order.
// Each record goes the app's one way out (review's reviewed facts → export's sheet row → the
// sheet table), so its columns are the app's, in the app's order, under the same formula
// neutralisation; then the facts only the CLI has, as an extension of that table.
import { column, csvText, gradeSheetRow, perHead, sheetTable, type ColumnSpec, type GradeSheet, type GradeSheetRow } from '../../features/export';
import { rankingPolicy, resolveWeights, weightsSummary, type CardFigures, type RankedEmbryo } from '../../features/ranking';
import { reviewedEmbryo, type ReviewedImage } from '../../features/review/headless';
import { formatViewAgreement } from '../../lib/view-agreement';
import { CLI_POLICIES, cliRanking, type CliPolicy } from './grade-ranking';
import type { GradeRecord } from './grade-record';

/** With --rank: the policy and each record's place in its ranking, in the records' order. */
export interface CsvRanking {
  policy: CliPolicy;
  /** The model card's figures (modelFigures), which decide the default weights; absent: DEFAULT_WEIGHTS. */
  figures?: CardFigures | null;
  ranked: readonly RankedEmbryo[];
}

/** The sheet's ranking line: the policy, and under expected-score the weights used and the heads left out. */
function sheetRanking(ranking: CsvRanking): GradeSheet['ranking'] {
  const { options, leftOut } = cliRanking(ranking.policy, ranking.figures);
  return {
    policy: rankingPolicy(CLI_POLICIES[ranking.policy]).name,
    finalGradesUsed: options.useFinalGrades !== false,
    ...(options.policy === 'expected-score' ? { weights: weightsSummary(resolveWeights(options.weights), leftOut) } : {}),
  };
}

/** A sheet row that still knows the record it was made from, for the CLI's own columns. */
export type CliSheetRow = GradeSheetRow & { record: GradeRecord };

/** What `grade --csv` adds after the app's columns. */
export const CLI_COLUMNS: readonly ColumnSpec<CliSheetRow>[] = [
  column('ok', (row) => row.record.ok),
  column('error', (row) => row.record.error),
  // The sheet's `score` is what the app shows (score_label before); this is the policy's number.
  column('score_value', (row) => row.record.score),
  // "5/8": how many of the crop's orientation views make the averaged call; blank when unknown.
  perHead((head) => [column(`${head}_view_agreement`, (row) => formatViewAgreement(row.heads.find((h) => h.name === head)?.viewAgreement))]),
  column('backend', (row) => row.record.backend),
  column('inference_ms', (row) => row.record.inferenceMs),
];

/** A graded file as the review sees an image: no overrides, decision or notes. */
function reviewedImage(record: GradeRecord, index: number): ReviewedImage {
  const prediction = record.ok && record.heads ? { heads: record.heads, ...(record.outcome ? { outcome: record.outcome } : {}) } : null;
  return { id: String(index), index, fileName: record.file, error: record.error ?? null, prediction, overrides: {}, decision: 'undecided', notes: '' };
}

/** The records as a grade sheet: no batch (patient, cycle, day blank), the run's date and time. */
export function gradeSheetOf(records: readonly GradeRecord[], ranking?: CsvRanking, now = new Date()): GradeSheet & { rows: CliSheetRow[] } {
  const timestamp = now.toISOString();
  const first = records[0];
  return {
    meta: { patientId: '', cycleId: '', embryologist: '', date: timestamp.slice(0, 10) },
    model: first ? { id: first.modelId, version: first.modelVersion, hash: first.modelHash } : { id: 'none', version: '', hash: '' },
    ranking: ranking ? sheetRanking(ranking) : { policy: '', finalGradesUsed: false },
    rows: records.map((record, index) => ({
      ...gradeSheetRow(reviewedEmbryo(reviewedImage(record, index), ranking?.ranked[index]), { timestamp }),
      record,
    })),
  };
}

/** The CSV text: no byte-order mark (it is for programs), probabilities to 6 decimals. */
export function toCsv(records: readonly GradeRecord[], ranking?: CsvRanking, now?: Date): string {
  return csvText(sheetTable(gradeSheetOf(records, ranking, now), CLI_COLUMNS), { bom: false, decimals: 6 });
}

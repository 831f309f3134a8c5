// One flat table (header + rows) that the CSV and XLSX exporters both write, so the
// two files always carry the same columns in the same order.
import { HEAD_NAMES, NOT_GRADABLE, type HeadName } from '../../lib/types';
import { viewsDisagree } from '../../lib/view-agreement';
import { neutraliseCell } from './neutralise';
import type { GradeSheet, GradeSheetRow } from './types';

export type TableCell = string | number | null;

export interface SheetTable {
  header: string[];
  /** Strings are already neutralised; numbers are the exporter's to format. */
  rows: TableCell[][];
}

/** The columns docs/test-hooks.md fixes come first; checks outside the repository read them by name. */
export const LEADING_COLUMNS = ['rank', 'file', 'ai_grade', 'final_grade', 'decision'] as const;

interface ProbabilityColumn {
  head: HeadName;
  label: string;
  name: string;
}

/** One column per (head, class) seen in any row, heads in Gardner order, classes in model order. */
export function probabilityColumns(sheet: GradeSheet): ProbabilityColumn[] {
  const columns: ProbabilityColumn[] = [];
  for (const head of HEAD_NAMES) {
    for (const row of sheet.rows) {
      for (const label of row.heads.find((h) => h.name === head)?.classes ?? []) {
        if (!columns.some((c) => c.head === head && c.label === label)) {
          columns.push({ head, label, name: `p_${head}_${label.replace(/[^A-Za-z0-9]+/g, '_')}` });
        }
      }
    }
  }
  return columns;
}

export function headGrade(row: GradeSheetRow, head: HeadName): string {
  const h = row.heads.find((x) => x.name === head);
  return h ? (h.finalGrade ?? h.aiGrade) : '';
}

function headsWhere(row: GradeSheetRow, test: (h: GradeSheetRow['heads'][number]) => boolean): string {
  return row.heads.filter(test).map((h) => h.name).join(';');
}

/** The outcome columns, only when some row came from a model with an outcome head: its probability and what positive meant. */
export const OUTCOME_COLUMNS = ['p_outcome', 'outcome_label'] as const;

export function sheetTable(sheet: GradeSheet): SheetTable {
  const probabilities = probabilityColumns(sheet);
  const outcome = sheet.rows.some((row) => row.outcome);
  const { meta, model, ranking } = sheet;
  const header = [
    ...LEADING_COLUMNS,
    'tie', 'embryo', 'dish', 'well', 'expansion', 'icm', 'te', 'overridden', 'not_gradable', 'low_confidence', 'views_disagree', 'score',
    ...probabilities.map((p) => p.name),
    ...(outcome ? OUTCOME_COLUMNS : []),
    'flags', 'notes', 'clinic', 'patient_id', 'cycle_id', 'day', 'date', 'embryologist',
    'model_id', 'model_version', 'model_hash', 'policy', 'final_grades_used', 'timestamp',
  ];
  const rows = sheet.rows.map((row): TableCell[] => {
    const text = (s: string | undefined) => neutraliseCell(s ?? '');
    const yesNo = (b: boolean) => (b ? 'true' : 'false');
    const probability = ({ head, label }: ProbabilityColumn) => {
      const h = row.heads.find((x) => x.name === head);
      const i = h ? h.classes.indexOf(label) : -1;
      return h && i >= 0 ? (h.probabilities[i] ?? null) : null;
    };
    return [
      row.rank, text(row.file), text(row.aiGrade), text(row.finalGrade), row.decision,
      yesNo(row.tie), row.embryo, text(row.dish), text(row.well),
      ...HEAD_NAMES.map((h) => text(headGrade(row, h))),
      yesNo(row.overridden),
      headsWhere(row, (h) => h.finalGrade === NOT_GRADABLE),
      headsWhere(row, (h) => h.lowConfidence),
      headsWhere(row, (h) => viewsDisagree(h.viewAgreement)),
      text(row.score),
      ...probabilities.map(probability),
      ...(outcome ? [row.outcome?.probability ?? null, text(row.outcome?.positiveLabel)] : []),
      text(row.flags.join('; ')), text(row.notes),
      text(meta.clinic), text(meta.patientId), text(meta.cycleId), meta.day, text(meta.date), text(meta.embryologist),
      text(model.id), text(model.version), text(model.hash), text(ranking.policy), yesNo(ranking.finalGradesUsed),
      text(row.timestamp),
    ];
  });
  return { header, rows };
}

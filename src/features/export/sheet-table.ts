// The grade sheet's one table: a list of column definitions, each a name and how to read its
// cell from a sheet row. The CSV and XLSX write it, and `blastograde grade --csv` writes it
// with the CLI's own columns appended (an extension, never a second layout). Adding a column
// to the grade sheet is one line here and its test.
import { HEAD_NAMES, NOT_GRADABLE, type HeadName } from '../../lib/types';
import { gradeMark } from '../ranking';
import { viewsDisagree } from '../../lib/view-agreement';
import { countDecisions, type DecisionCounts } from '../review/headless';
import { neutraliseCell } from './neutralise';
import type { GradeSheet, GradeSheetHead, GradeSheetRow } from './types';

/** A written cell: text (already neutralised), a number (the writer's to format) or blank. */
export type TableCell = string | number | null;

/** What a column reads; yes/no becomes "true"/"false", absent becomes blank. */
export type CellValue = string | number | boolean | null | undefined;

export interface SheetColumn<R extends GradeSheetRow = GradeSheetRow> {
  name: string;
  cell(row: R, sheet: GradeSheet): CellValue;
}

/** One column, or the columns a sheet calls for (one per class seen; outcome only when present). */
export type ColumnSpec<R extends GradeSheetRow = GradeSheetRow> = SheetColumn<R> | ((sheet: GradeSheet) => SheetColumn<R>[]);

export interface SheetTable {
  header: string[];
  rows: TableCell[][];
}

export function column<R extends GradeSheetRow = GradeSheetRow>(name: string, cell: (row: R, sheet: GradeSheet) => CellValue): SheetColumn<R> {
  return { name, cell };
}

/** The columns docs/test-hooks.md fixes come first; checks outside the repository read them by name. */
export const LEADING_COLUMNS = ['rank', 'file', 'ai_grade', 'final_grade', 'decision'] as const;

/** The outcome columns, only when some row came from a model with an outcome head: its probability and what positive meant. */
export const OUTCOME_COLUMNS = ['p_outcome', 'outcome_label'] as const;

/** The sheet's decision counts, one column per decision (repeated on every row, like the batch's fields). */
export const DECISION_COUNT_COLUMNS = ['transfer', 'freeze', 'discard', 'biopsy', 'undecided'] as const satisfies readonly (keyof DecisionCounts)[];

const decisionCountColumns = DECISION_COUNT_COLUMNS.map((decision) =>
  column(`count_${decision}`, (_, sheet) => countDecisions(sheet.rows)[decision]));

const headOf = (row: GradeSheetRow, name: HeadName) => row.heads.find((h) => h.name === name);

/** The grade that stands for a head: a class label or 'NG' (sheets written before `grade` was recorded: final, else AI). */
const standing = (h: GradeSheetHead): string => h.grade ?? h.finalGrade ?? h.aiGrade;

/** The head's grade as the sheet writes it (the embryologist's, else the AI's under the grading rule): "–" when not graded; blank when the model has no such head. */
export function headGrade(row: GradeSheetRow, head: HeadName): string {
  const h = headOf(row, head);
  return h ? gradeMark(standing(h)) : '';
}

/** The heads for which `test` holds, "icm;te". */
function headsWhere(row: GradeSheetRow, test: (h: GradeSheetHead) => boolean): string {
  return row.heads.filter(test).map((h) => h.name).join(';');
}

/** For each head some row has, in Gardner order: the columns `make` gives it. */
export function perHead<R extends GradeSheetRow>(make: (head: HeadName, sheet: GradeSheet) => SheetColumn<R>[]): (sheet: GradeSheet) => SheetColumn<R>[] {
  return (sheet) => HEAD_NAMES.filter((head) => sheet.rows.some((row) => headOf(row, head))).flatMap((head) => make(head, sheet));
}

/** One column per (head, class) seen in any row, heads in Gardner order, classes in model order. */
const probabilityColumns = perHead((head, sheet) => {
  const labels = [...new Set(sheet.rows.flatMap((row) => headOf(row, head)?.classes ?? []))];
  return labels.map((label) => column(`p_${head}_${label.replace(/[^A-Za-z0-9]+/g, '_')}`, (row) => {
    const h = headOf(row, head);
    const i = h ? h.classes.indexOf(label) : -1;
    return h && i >= 0 ? h.probabilities[i] : null;
  }));
});

const outcomeColumns = (sheet: GradeSheet) =>
  sheet.rows.some((row) => row.outcome)
    ? [column(OUTCOME_COLUMNS[0], (row) => row.outcome?.probability), column(OUTCOME_COLUMNS[1], (row) => row.outcome?.positiveLabel)]
    : [];

/** The grade sheet, column by column. */
export const SHEET_COLUMNS: readonly ColumnSpec[] = [
  column('rank', (row) => row.rank),
  column('file', (row) => row.file),
  column('ai_grade', (row) => row.aiGrade),
  column('final_grade', (row) => row.finalGrade),
  column('decision', (row) => row.decision),
  column('tie', (row) => row.tie),
  column('embryo', (row) => row.embryo),
  column('dish', (row) => row.dish),
  column('well', (row) => row.well),
  ...HEAD_NAMES.map((head) => column(head, (row) => headGrade(row, head))),
  column('overridden', (row) => row.overridden),
  // Which heads the embryologist changed ("te"), so a sheet says what was overridden, not only that something was.
  column('overridden_heads', (row) => headsWhere(row, (h) => h.finalGrade !== null)),
  column('not_gradable', (row) => headsWhere(row, (h) => standing(h) === NOT_GRADABLE)),
  column('low_confidence', (row) => headsWhere(row, (h) => h.lowConfidence)),
  column('views_disagree', (row) => headsWhere(row, (h) => viewsDisagree(h.viewAgreement))),
  column('score', (row) => row.score),
  probabilityColumns,
  outcomeColumns,
  column('flags', (row) => row.flags.join('; ')),
  column('demotion', (row) => row.demotion),
  column('notes', (row) => row.notes),
  column('clinic', (_, { meta }) => meta.clinic),
  column('patient_id', (_, { meta }) => meta.patientId),
  column('cycle_id', (_, { meta }) => meta.cycleId),
  column('day', (_, { meta }) => meta.day),
  column('date', (_, { meta }) => meta.date),
  column('embryologist', (_, { meta }) => meta.embryologist),
  ...decisionCountColumns,
  column('model_id', (_, { model }) => model.id),
  column('model_version', (_, { model }) => model.version),
  column('model_hash', (_, { model }) => model.hash),
  column('policy', (_, { ranking }) => ranking.policy),
  column('final_grades_used', (_, { ranking }) => ranking.finalGradesUsed),
  column('weights', (_, { ranking }) => ranking.weights),
  column('timestamp', (row) => row.timestamp),
];

/** The sheet's columns, then `extension`'s (a host's own, e.g. the CLI's), as this sheet calls for them. */
export function sheetColumns<R extends GradeSheetRow>(sheet: GradeSheet & { rows: readonly R[] }, extension: readonly ColumnSpec<R>[] = []): SheetColumn<R>[] {
  return [...SHEET_COLUMNS, ...extension].flatMap((spec) => (typeof spec === 'function' ? spec(sheet) : [spec]));
}

/** Every string cell, the header's too, goes through the one formula neutralisation (neutralise.ts). */
function tableCell(value: CellValue): TableCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return typeof value === 'string' ? neutraliseCell(value) : value;
}

export function sheetTable<R extends GradeSheetRow>(sheet: GradeSheet & { rows: readonly R[] }, extension: readonly ColumnSpec<R>[] = []): SheetTable {
  const columns = sheetColumns(sheet, extension);
  const rows: readonly R[] = sheet.rows;
  return {
    header: columns.map((c) => neutraliseCell(c.name)),
    rows: rows.map((row) => columns.map((c) => tableCell(c.cell(row, sheet)))),
  };
}

// Whether an imported archive (a label sheet + a folder of images) may be taken in, decided
// before any image is decoded: a sheet with any problem (unknown or doubled columns, invalid
// values, empty file cells, duplicate files, a label with one class only) is refused whole,
// with every problem as its own sentence, so a bad sheet changes nothing. A row with no
// label at all (an outcome not known yet) is only noted: it teaches nothing and contradicts
// nothing. So is a row naming a file the folder lacks (an archive loses files; the rest is
// still good), unless `strict` asks for the old refusal. The app's import and the CLI's learn both plan here; only the
// last words of a refusal differ, since the app imports and the CLI learns.
import { matchExamples, type MatchedExample, type MatchReport } from './match-examples';
import { parseLabelSheet, type LabelSheetOptions, type LabelSheetProblem, type ParsedLabelSheet } from './parse-label-sheet';
import { rowSummary } from './row-summary';
import type { LabelColumn, LabelRow } from './types';

/** Header names labs use for the known columns (the clinic set's `good` is its outcome). */
export const DEFAULT_SHEET_ALIASES: Readonly<Record<string, 'file' | LabelColumn>> = {
  good: 'outcome',
  image: 'file',
  filename: 'file',
  exp: 'expansion',
};

export type ArchivePlan =
  | {
      ok: true;
      matched: MatchedExample[];
      labelColumns: LabelColumn[];
      /** "140 of 140 rows matched an image; 0 images had no row.": every row counted once. */
      summary: string;
      /** Images no row names: not imported, said so. */
      imagesWithoutRow: string[];
      /** Rows left out that do not block the import (no label at all), one sentence each. */
      notes: string[];
    }
  | { ok: false; refusal: string; problems: string[]; summary?: string };

/** Who plans: the app's import, or the CLI's learn (which writes a package, imports nothing). */
export type ArchiveHost = 'app' | 'cli';

/** What a refusal tells the reader to do, and that nothing changed, in the host's own words. */
const REFUSAL_WORDS: Readonly<Record<ArchiveHost, { retry: string; nothingChanged: string }>> = {
  app: { retry: 'import again', nothingChanged: 'Nothing was imported.' },
  cli: { retry: 'run learn again', nothingChanged: 'Nothing was written.' },
};

const valueOf = (row: LabelRow, column: LabelColumn): string | undefined =>
  row[column] === undefined ? undefined : String(row[column]);

/** Labels whose rows all carry one class: nothing to learn to tell apart. */
export function singleClassProblems(rows: readonly LabelRow[], columns: readonly LabelColumn[]): string[] {
  const problems: string[] = [];
  for (const column of columns) {
    const values = rows.map((r) => valueOf(r, column)).filter((v): v is string => v !== undefined);
    const classes = new Set(values);
    if (values.length > 0 && classes.size < 2) {
      problems.push(`${column}: all ${values.length} rows are "${[...classes][0]}"; learning ${column} needs examples of at least two classes.`);
    }
  }
  return problems;
}

/** Sheet problems that only leave their row out; every other kind refuses the sheet. */
const NOTES_ONLY: ReadonlySet<LabelSheetProblem['kind']> = new Set(['no-labels']);

/** The sheet's rows, each under one fate: matched, unmatched, invalid (left out for a problem) or unlabelled. */
function summariseRows(parsed: Extract<ParsedLabelSheet, { ok: true }>, match: MatchReport): string {
  const unlabelled = parsed.problems.filter((p) => p.kind === 'no-labels').length;
  return rowSummary({
    rows: parsed.sheetRows,
    matched: match.matched.length,
    matchedByStem: match.matched.filter((m) => m.extensionDiffers).length,
    unmatched: match.unmatchedRows.length,
    invalid: parsed.sheetRows - parsed.rows.length - unlabelled,
    unlabelled,
    imagesWithoutRow: match.imagesWithoutRow.length,
  });
}

export interface ArchivePlanOptions {
  /** Who plans (default the app): words the refusals. */
  host?: ArchiveHost;
  /** Refuse a sheet with a row naming no image (the CLI's --strict); otherwise the row is noted and left out. */
  strict?: boolean;
}

export function planArchive(parsed: ParsedLabelSheet, imageNames: readonly string[], { host = 'app', strict = false }: ArchivePlanOptions = {}): ArchivePlan {
  const words = REFUSAL_WORDS[host];
  if (!parsed.ok) return { ok: false, refusal: `${parsed.refusal} ${words.nothingChanged}`, problems: parsed.problems.map((p) => p.message) };
  const match = matchExamples(parsed.rows, imageNames);
  const summary = summariseRows(parsed, match);
  const isMissing = (u: { reason: string }) => !strict && u.reason === 'no-image';
  const missingRows = match.unmatchedRows.filter(isMissing).map((u) => u.message);
  const notes = [...parsed.problems.filter((p) => NOTES_ONLY.has(p.kind)).map((p) => p.message), ...missingRows];
  const problems = [
    ...parsed.problems.filter((p) => !NOTES_ONLY.has(p.kind)).map((p) => p.message),
    ...match.unmatchedRows.filter((u) => !isMissing(u)).map((u) => u.message),
    ...singleClassProblems(match.matched.map((m) => m.row), parsed.labelColumns),
  ];
  if (problems.length > 0) {
    const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;
    // The notes follow the problems, so a refused sheet still says which of its rows named no image.
    return { ok: false, refusal: `The sheet has ${count}; fix ${problems.length === 1 ? 'it' : 'them'} and ${words.retry}. ${words.nothingChanged}`, problems: [...problems, ...missingRows], summary };
  }
  if (parsed.rows.length === 0) return { ok: false, refusal: `No row of the sheet gives a label. ${words.nothingChanged}`, problems: notes, summary };
  if (match.matched.length === 0) return { ok: false, refusal: `No row of the sheet names an image of the folder. ${words.nothingChanged}`, problems, summary };
  return { ok: true, matched: match.matched, labelColumns: parsed.labelColumns, summary, imagesWithoutRow: match.imagesWithoutRow, notes };
}

/** Reads the sheet (CSV or XLSX, with the usual aliases) and plans the import (see ArchivePlanOptions). */
export async function planArchiveImport(sheet: Uint8Array, imageNames: readonly string[], options: LabelSheetOptions & ArchivePlanOptions = {}): Promise<ArchivePlan> {
  const parsed = await parseLabelSheet(sheet, { columnAliases: { ...DEFAULT_SHEET_ALIASES, ...options.columnAliases } });
  return planArchive(parsed, imageNames, options);
}

const SHEET = /\.(csv|tsv|txt|xlsx|xls)$/i;
const IMAGE = /\.(bmp|jpe?g|png|tiff?)$/i;

/** A file an archive's images may be (the formats the grading pipeline decodes). */
export const isImageName = (name: string): boolean => IMAGE.test(name);

/** A picked folder (or set of files) told apart into its one label sheet and its images. */
export function splitSelection<T extends { name: string }>(files: readonly T[]): { sheet: T; images: T[] } | { refusal: string } {
  const sheets = files.filter((f) => SHEET.test(f.name));
  const images = files.filter((f) => IMAGE.test(f.name));
  if (sheets.length === 0) return { refusal: 'No label sheet (.csv or .xlsx) was picked: pick the sheet with the images. Nothing was imported.' };
  if (sheets.length > 1) {
    return { refusal: `${sheets.length} label sheets were picked (${sheets.map((s) => `"${s.name}"`).join(', ')}); pick one. Nothing was imported.` };
  }
  if (images.length === 0) return { refusal: 'No images (JPEG, PNG, BMP or TIFF) were picked with the sheet. Nothing was imported.' };
  return { sheet: sheets[0]!, images };
}

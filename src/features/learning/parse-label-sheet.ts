// A lab's label sheet (CSV or XLSX) read into typed rows plus a list of problems, each a
// sentence naming its row. Rows with a problem are left out of `rows`; the caller decides
// whether to go on with the rest. Refusals (nothing usable) come back as `ok: false`.
import Papa from 'papaparse';
import { NOT_GRADABLE } from '../../lib/types';
import { NOT_GRADED_MARK } from '../ranking';
import { LABEL_COLUMNS, type LabelColumn, type LabelRow } from './types';

export type SheetColumn = LabelColumn | 'file';

export type LabelSheetProblemKind =
  | 'unknown-column'
  | 'duplicate-column'
  | 'empty-file'
  | 'duplicate-file'
  | 'invalid-grade'
  | 'invalid-outcome'
  | 'no-labels';

export interface LabelSheetProblem {
  kind: LabelSheetProblemKind;
  /** Sheet row number (the header row for column problems). */
  row: number;
  message: string;
}

export type ParsedLabelSheet =
  | {
      ok: true;
      rows: LabelRow[];
      labelColumns: LabelColumn[];
      problems: LabelSheetProblem[];
      /** Every non-blank line under the header, kept or left out: what a report's counts add up to. */
      sheetRows: number;
    }
  | { ok: false; refusal: string; problems: LabelSheetProblem[] };

export interface LabelSheetOptions {
  /** A lab's own header names for the known columns, e.g. `{ good: 'outcome', image: 'file' }` (matched like headers: case and spaces ignored). */
  columnAliases?: Readonly<Record<string, SheetColumn>>;
}

/** Outcome cells accepted, lower-cased: the lab's good result first, then its opposite. */
export const OUTCOME_POSITIVE = ['1', 'yes', 'y', 'true', 'good', 'positive'] as const;
export const OUTCOME_NEGATIVE = ['0', 'no', 'n', 'false', 'poor', 'negative'] as const;

/** One line of the sheet: its row number and cells as text. */
export interface SheetLine {
  row: number;
  cells: string[];
}

const normaliseHeader = (header: string): string => header.replace(/^\uFEFF/, '').replace(/\s+/g, '').toLowerCase();

const columnLetter = (index: number): string => {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
};

const isXlsx = (bytes: Uint8Array): boolean => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
const isLegacyXls = (bytes: Uint8Array): boolean => bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;

const startsWith = (bytes: Uint8Array, ...magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** Files people pick by mistake, known by their first bytes. */
const NOT_A_SHEET: readonly [what: string, test: (bytes: Uint8Array) => boolean][] = [
  ['a JPEG image', (b) => startsWith(b, 0xff, 0xd8, 0xff)],
  ['a PNG image', (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47)],
  ['a TIFF image', (b) => startsWith(b, 0x49, 0x49, 0x2a, 0x00) || startsWith(b, 0x4d, 0x4d, 0x00, 0x2a)],
  ['a BMP image', (b) => startsWith(b, 0x42, 0x4d) && b.subarray(0, 64).includes(0)],
  ['a PDF document', (b) => startsWith(b, 0x25, 0x50, 0x44, 0x46)],
];

const refused = (refusal: string): ParsedLabelSheet => ({ ok: false, refusal, problems: [] });
const NOT_SHEET_WAY_OUT = 'pick the label sheet (CSV or XLSX) with a "file" column';

/** Text in its byte-order mark's encoding (Excel's "Unicode text" is UTF-16), else UTF-8; null for binary data. */
function sheetText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, 0xff, 0xfe)) return new TextDecoder('utf-16le').decode(bytes);
  if (startsWith(bytes, 0xfe, 0xff)) return new TextDecoder('utf-16be').decode(bytes);
  // Text sheets never hold a NUL byte; images, archives and most binaries do early on.
  if (bytes.subarray(0, 8192).includes(0)) return null;
  return new TextDecoder('utf-8').decode(bytes);
}

/** Reads a sheet's bytes, CSV/TSV or XLSX told apart by content (not by name). */
export async function parseLabelSheet(bytes: Uint8Array, options: LabelSheetOptions = {}): Promise<ParsedLabelSheet> {
  if (isLegacyXls(bytes)) return refused('This is an old Excel .xls file; save it as .xlsx or CSV and use that.');
  const known = NOT_A_SHEET.find(([, test]) => test(bytes));
  if (known) return refused(`This is ${known[0]}, not a label sheet: ${NOT_SHEET_WAY_OUT}.`);
  if (isXlsx(bytes)) {
    const lines = await xlsxLines(bytes).catch(() => null);
    if (!lines) return refused(`This is a zip archive that is not an Excel workbook (.xlsx) that can be read: ${NOT_SHEET_WAY_OUT}.`);
    return labelRowsFromLines(lines, options);
  }
  const text = sheetText(bytes);
  if (text === null) return refused(`This file holds binary data, not CSV text or an Excel workbook: ${NOT_SHEET_WAY_OUT}.`);
  return parseLabelCsv(text, options);
}

/** CSV text with any of , ; or tab between cells (papaparse guesses which). */
export function parseLabelCsv(text: string, options: LabelSheetOptions = {}): ParsedLabelSheet {
  const body = text.replace(/^\uFEFF/, '');
  // Guessed with blank lines skipped (papaparse counts them as one-cell rows, which can
  // tip its guess), then parsed with them kept so row numbers match the file.
  const { delimiter } = Papa.parse<string[]>(body, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t'], preview: 50 }).meta;
  const parsed = Papa.parse<string[]>(body, { header: false, skipEmptyLines: false, delimiter });
  // Row numbers count every line, blank ones too, as a spreadsheet would show them.
  const lines = parsed.data.map((cells, index) => ({ row: index + 1, cells: cells.map((c) => String(c ?? '')) }));
  return labelRowsFromLines(lines, options);
}

/** The first worksheet's lines; null when the zip holds no workbook (a .docx, a plain zip). */
async function xlsxLines(bytes: Uint8Array): Promise<SheetLine[] | null> {
  // Loaded on first use: exceljs is large and only needed for XLSX sheets.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return null;
  const lines: SheetLine[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    // cell.text is what Excel displays: numbers as written, formulas by their result, rich text flattened.
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cell.text ?? '';
    });
    lines.push({ row: rowNumber, cells: Array.from(cells, (c) => c ?? '') });
  });
  return lines;
}

const isBlankLine = (line: SheetLine): boolean => line.cells.every((c) => c.trim() === '');

/** The shared core: header line, then one labelled example per line. */
export function labelRowsFromLines(allLines: readonly SheetLine[], options: LabelSheetOptions = {}): ParsedLabelSheet {
  const problems: LabelSheetProblem[] = [];
  const lines = allLines.filter((line) => !isBlankLine(line));
  const header = lines[0];
  if (!header) return { ok: false, refusal: 'The sheet is empty: it needs a header row with a "file" column and at least one label column.', problems };

  const aliases = new Map(Object.entries(options.columnAliases ?? {}).map(([from, to]) => [normaliseHeader(from), to]));
  const known = new Set<string>(['file', ...LABEL_COLUMNS]);
  const columnIndex = new Map<SheetColumn, number>();
  let columnGivenTwice = false;
  header.cells.forEach((raw, index) => {
    const name = normaliseHeader(raw);
    if (name === '') return;
    const column = aliases.get(name) ?? (known.has(name) ? (name as SheetColumn) : undefined);
    if (!column) {
      problems.push({
        kind: 'unknown-column',
        row: header.row,
        message: `Row ${header.row}: column ${columnLetter(index)} "${raw.trim()}" is not one of file, ${LABEL_COLUMNS.join(', ')}; rename it or remove it.`,
      });
      return;
    }
    const earlier = columnIndex.get(column);
    if (earlier !== undefined) {
      problems.push({ kind: 'duplicate-column', row: header.row, message: `Row ${header.row}: columns ${columnLetter(earlier)} and ${columnLetter(index)} both give "${column}".` });
      columnGivenTwice = true;
      return;
    }
    columnIndex.set(column, index);
  });
  if (columnGivenTwice) {
    return { ok: false, refusal: 'The sheet gives the same column twice; keep one.', problems };
  }
  const fileIndex = columnIndex.get('file');
  if (fileIndex === undefined) {
    const found = header.cells.map((c) => c.trim()).filter((c) => c !== '');
    // A long header (say, a text file that is no sheet) is named by its first cells only.
    const shown = [...found.slice(0, 8).map((c) => `"${c.length > 40 ? `${c.slice(0, 40)}…` : c}"`), ...(found.length > 8 ? [`and ${found.length - 8} more`] : [])];
    return { ok: false, refusal: `The sheet has no "file" column (found: ${shown.join(', ')}); add one naming each image.`, problems };
  }
  const labelColumns = LABEL_COLUMNS.filter((c) => columnIndex.has(c));
  if (labelColumns.length === 0) {
    return { ok: false, refusal: `The sheet has no label column: it needs at least one of ${LABEL_COLUMNS.join(', ')}.`, problems };
  }

  const candidates: LabelRow[] = [];
  for (const line of lines.slice(1)) {
    const cell = (column: SheetColumn): string => (line.cells[columnIndex.get(column)!] ?? '').trim();
    const file = cell('file');
    if (file === '') {
      problems.push({ kind: 'empty-file', row: line.row, message: `Row ${line.row}: the file cell is empty; the row is left out.` });
      continue;
    }
    const row: LabelRow = { row: line.row, file };
    let valid = true;
    for (const column of labelColumns) {
      const value = cell(column);
      // Empty, or not graded (NG, or "–" as the app's sheets write it: ICM/TE below expansion 3): no label for this column.
      if (value === '' || value.toUpperCase() === NOT_GRADABLE || value === NOT_GRADED_MARK) continue;
      const problem = readLabel(row, column, value);
      if (problem) {
        problems.push({ ...problem, row: line.row, message: `Row ${line.row}: ${problem.message}; the row is left out.` });
        valid = false;
      }
    }
    if (!valid) continue;
    if (labelColumns.every((column) => row[column] === undefined)) {
      problems.push({ kind: 'no-labels', row: line.row, message: `Row ${line.row}: "${file}" has no value in ${labelColumns.join(', ')}; the row is left out.` });
      continue;
    }
    candidates.push(row);
  }

  const rows = withoutDuplicates(candidates, problems);
  return { ok: true, rows, labelColumns, problems: problems.sort((a, b) => a.row - b.row), sheetRows: lines.length - 1 };
}

function readLabel(row: LabelRow, column: LabelColumn, value: string): { kind: LabelSheetProblemKind; message: string } | null {
  if (column === 'outcome') {
    const lower = value.toLowerCase();
    if ((OUTCOME_POSITIVE as readonly string[]).includes(lower)) row.outcome = 1;
    else if ((OUTCOME_NEGATIVE as readonly string[]).includes(lower)) row.outcome = 0;
    else return { kind: 'invalid-outcome', message: `outcome "${value}" is not binary (use 1/0, yes/no, true/false or good/poor)` };
    return null;
  }
  if (column === 'expansion') {
    if (!/^[1-6](\.0+)?$/.test(value)) return { kind: 'invalid-grade', message: `expansion "${value}" is outside the Gardner scale 1-6` };
    row.expansion = value[0];
    return null;
  }
  const grade = value.toUpperCase();
  if (grade !== 'A' && grade !== 'B' && grade !== 'C') return { kind: 'invalid-grade', message: `${column} "${value}" is not a grade A, B or C` };
  row[column] = grade;
  return null;
}

/** File names compared as the matcher will compare them: without folders, case ignored. */
export const fileKey = (file: string): string => (file.split(/[\\/]/).pop() ?? file).toLowerCase();

// A name given twice is ambiguous (which labels are right?), so every row naming it is left out.
function withoutDuplicates(rows: LabelRow[], problems: LabelSheetProblem[]): LabelRow[] {
  const byKey = new Map<string, LabelRow[]>();
  for (const row of rows) byKey.set(fileKey(row.file), [...(byKey.get(fileKey(row.file)) ?? []), row]);
  const dropped = new Set<LabelRow>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const first = group[0]!;
    for (const row of group.slice(1)) {
      problems.push({
        kind: 'duplicate-file',
        row: row.row,
        message: `Row ${row.row}: "${row.file}" is also on row ${first.row}; both rows are left out.`,
      });
    }
    group.forEach((row) => dropped.add(row));
  }
  return rows.filter((row) => !dropped.has(row));
}

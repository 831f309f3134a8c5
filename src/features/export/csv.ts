// CSV grade sheet: the sheet table as RFC 4180 text with CRLF line ends via papaparse; for the
// app's download UTF-8 with a byte-order mark (so Excel opens it as UTF-8).
import Papa from 'papaparse';
import { sheetTable, type SheetTable, type TableCell } from './sheet-table';
import type { GradeSheet } from './types';

export const CSV_BOM = '\uFEFF';

export interface CsvOptions {
  /** Start with the byte-order mark (default true: the file is for Excel). */
  bom?: boolean;
  /** Decimals of a number that is not whole (default 4, the app's probabilities). */
  decimals?: number;
}

/** Integers as is, other numbers to `decimals` places; empty for no value. */
export function formatNumberCell(cell: TableCell, decimals = 4): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  return Number.isInteger(cell) ? String(cell) : cell.toFixed(decimals);
}

/** A sheet table as CSV text; encode with TextEncoder (UTF-8) to get the file's bytes. */
export function csvText({ header, rows }: SheetTable, { bom = true, decimals = 4 }: CsvOptions = {}): string {
  // Cells are neutralised by sheetTable; papaparse's own escapeFormulae stays off so
  // one rule (ours, shared with the XLSX) decides and nothing is quoted twice.
  const body = Papa.unparse(
    { fields: header, data: rows.map((row) => row.map((cell) => formatNumberCell(cell, decimals))) },
    { newline: '\r\n', quotes: false, quoteChar: '"', escapeChar: '"', delimiter: ',', escapeFormulae: false },
  );
  return `${bom ? CSV_BOM : ''}${body}\r\n`;
}

/** The app's grade sheet as CSV text, BOM first. */
export function toCsv(sheet: GradeSheet): string {
  return csvText(sheetTable(sheet));
}

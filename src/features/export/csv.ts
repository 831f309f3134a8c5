// CSV grade sheet: UTF-8 with a byte-order mark (so Excel opens it as UTF-8), RFC 4180
// quoting and CRLF line ends via papaparse, formula-starting cells neutralised.
import Papa from 'papaparse';
import { sheetTable, type TableCell } from './sheet-table';
import type { GradeSheet } from './types';

export const CSV_BOM = '\uFEFF';

/** Integers as is, probabilities to 4 decimals; empty for no value. */
export function formatNumberCell(cell: TableCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  return Number.isInteger(cell) ? String(cell) : cell.toFixed(4);
}

/** The grade sheet as CSV text, BOM first; encode with TextEncoder (UTF-8) to get the file's bytes. */
export function toCsv(sheet: GradeSheet): string {
  const { header, rows } = sheetTable(sheet);
  // Cells are neutralised by sheetTable; papaparse's own escapeFormulae stays off so
  // one rule (ours, shared with the XLSX) decides and nothing is quoted twice.
  const body = Papa.unparse(
    { fields: header, data: rows.map((row) => row.map(formatNumberCell)) },
    { newline: '\r\n', quotes: false, quoteChar: '"', escapeChar: '"', delimiter: ',', escapeFormulae: false },
  );
  return `${CSV_BOM}${body}\r\n`;
}

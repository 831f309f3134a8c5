// Formula-injection defence for spreadsheet exports (OWASP "CSV Injection"): a cell
// that starts with = + - @ tab or carriage return is prefixed with a single quote,
// so Excel, LibreOffice and Sheets show it as text instead of running it. The
// full-width forms (＝ ＋ － ＠) are included because some spreadsheet locales
// accept them as formula starters too. Every string cell goes through this, in the
// XLSX as well: exceljs writes strings as strings, but users re-save as CSV.
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

// Export feature: review rows → the grade sheet, and the sheet as CSV, XLSX, PDF and JSON (pure: data in, text/bytes out).
export type { GradeSheet, GradeSheetHead, GradeSheetMeta, GradeSheetModel, GradeSheetRanking, GradeSheetRow } from './types';
export { buildGradeSheet } from './grade-sheet';
export { gradeSheetRow, type SheetRowExtras } from './sheet-row';
export { toCsv, csvText, CSV_BOM, type CsvOptions } from './csv';
export { toXlsx, xlsxHeaderRow, XLSX_SHEET_NAME } from './xlsx';
export { toPdf, needsSyntheticWarning, SYNTHETIC_MODEL_WARNING } from './pdf';
export { toBatchJson, parseBatchJson, BATCH_FORMAT, BATCH_VERSION, type BatchFile } from './batch-json';
export { BatchImportError, validateGradeSheet } from './validate-sheet';
export { fileNameFor } from './file-name';
export { neutraliseCell } from './neutralise';
export {
  column,
  perHead,
  sheetColumns,
  sheetTable,
  LEADING_COLUMNS,
  SHEET_COLUMNS,
  type CellValue,
  type ColumnSpec,
  type SheetColumn,
  type SheetTable,
  type TableCell,
} from './sheet-table';
export { EXPORT_MIME_TYPES } from './mime';

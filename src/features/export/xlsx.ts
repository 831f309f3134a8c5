// XLSX grade sheet through exceljs: a header block (batch, model, policy), then one
// row per embryo under a frozen column header, with a drop-down list on decisions.
import { DECISIONS } from '../../lib/types';
import { countDecisions, decisionSummary } from '../review/headless';
import { neutraliseCell } from './neutralise';
import { sheetTable } from './sheet-table';
import type { GradeSheet } from './types';

export const XLSX_SHEET_NAME = 'Grade sheet';

function headerBlock(sheet: GradeSheet): Array<[string, string]> {
  const { meta, model, ranking } = sheet;
  return [
    ['Clinic', meta.clinic ?? ''],
    ['Patient ID', meta.patientId],
    ['Cycle ID', meta.cycleId],
    ['Day', meta.day ?? ''],
    ['Date', meta.date],
    ['Embryologist', meta.embryologist],
    ['Decisions', decisionSummary(countDecisions(sheet.rows))],
    ['Model', `${model.id} ${model.version}`],
    ['Model hash', model.hash],
    ['Ranking policy', `${ranking.policy} (${ranking.finalGradesUsed ? 'final grades' : 'AI grades only'})`],
    ...(ranking.weights ? [['Ranking weights', ranking.weights] as [string, string]] : []),
    ...(model.intendedUse ? [['Intended use', model.intendedUse] as [string, string]] : []),
    ...(model.realSignalWarning ? [['On real embryos', model.realSignalWarning] as [string, string]] : []),
  ];
}

/** Row number (1-based) of the column header, i.e. the frozen split, for a given sheet. */
export function xlsxHeaderRow(sheet: GradeSheet): number {
  return headerBlock(sheet).length + 2;
}

export async function toXlsx(sheet: GradeSheet): Promise<Uint8Array> {
  // Loaded on first use: exceljs is ~1 MB minified and only needed when exporting.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'BlastoGrade';
  const ws = workbook.addWorksheet(XLSX_SHEET_NAME);

  for (const [label, value] of headerBlock(sheet)) {
    const row = ws.addRow([label, neutraliseCell(value)]);
    row.getCell(1).font = { bold: true };
  }
  ws.addRow([]);

  const { header, rows } = sheetTable(sheet);
  const headerRow = ws.addRow(header);
  headerRow.font = { bold: true };
  const headerRowNumber = headerRow.number;
  for (const values of rows) ws.addRow(values.map((v) => (v === '' ? null : v))); // blank, not an empty string

  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: headerRowNumber, topLeftCell: `A${headerRowNumber + 1}` }];
  const decisionColumn = header.indexOf('decision') + 1;
  for (let r = headerRowNumber + 1; r <= headerRowNumber + rows.length; r++) {
    ws.getCell(r, decisionColumn).dataValidation = {
      type: 'list',
      allowBlank: false,
      formulae: [`"${DECISIONS.join(',')}"`],
      showErrorMessage: true,
      errorTitle: 'Decision',
      error: `Choose one of: ${DECISIONS.join(', ')}`,
    };
  }
  header.forEach((name, i) => {
    const column = ws.getColumn(i + 1);
    column.width = name === 'notes' || name === 'flags' ? 40 : name === 'file' || name === 'model_hash' ? 28 : Math.max(10, name.length + 2);
    if (name.startsWith('p_')) column.numFmt = '0.0000';
  });
  ws.getColumn(1).width = 16; // header-block labels share the rank column

  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

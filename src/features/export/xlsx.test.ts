import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DECISIONS } from '../../lib/types';
import { sampleSheet } from './testing/sheet';
import { toXlsx, xlsxHeaderRow, XLSX_SHEET_NAME } from './xlsx';

async function load(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = workbook.getWorksheet(XLSX_SHEET_NAME);
  if (!ws) throw new Error('worksheet missing');
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, n: number): unknown[] {
  return (ws.getRow(n).values as unknown[]).slice(1); // exceljs rows are 1-based
}

describe('toXlsx', () => {
  it('writes the header block with batch, model and policy', async () => {
    const sheet = sampleSheet();
    const ws = await load(await toXlsx(sheet));
    const block = Object.fromEntries(Array.from({ length: xlsxHeaderRow(sheet) - 2 }, (_, i) => rowValues(ws, i + 1) as [string, string]));
    expect(block).toMatchObject({
      Clinic: 'Test Clinic Zürich',
      'Patient ID': 'P-1234',
      'Cycle ID': 'C2',
      Day: 'D5',
      Date: '2026-11-26',
      Embryologist: 'AB',
      Decisions: '1 transfer · 1 freeze · 1 discard · 1 biopsy · 1 undecided',
      Model: 'vgg16-phantom 0.1.0',
      'Model hash': sheet.model.hash,
      'Ranking policy': 'Expected score (probabilities) (final grades)',
      'Ranking weights': 'weights Expansion 1, ICM 0, TE 0; TE left out: inverted on real embryos (ROC AUC 0.25).',
    });
    expect(block).not.toHaveProperty('On real embryos');
  });

  it("writes the model's real-embryo warning into the header block when the sheet carries one", async () => {
    const sheet = sampleSheet();
    sheet.model.realSignalWarning = 'Measured on 140 real embryos, this model\'s grades were trophectoderm inverted (ROC AUC 0.25).';
    const ws = await load(await toXlsx(sheet));
    const block = Object.fromEntries(Array.from({ length: xlsxHeaderRow(sheet) - 2 }, (_, i) => rowValues(ws, i + 1) as [string, string]));
    expect(block['On real embryos']).toBe(sheet.model.realSignalWarning);
  });

  it('has one row per embryo under a frozen column header, matching the sheet', async () => {
    const sheet = sampleSheet();
    const ws = await load(await toXlsx(sheet));
    const headerRow = xlsxHeaderRow(sheet);
    const header = rowValues(ws, headerRow) as string[];
    expect(header.slice(0, 5)).toEqual(['rank', 'file', 'ai_grade', 'final_grade', 'decision']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: headerRow });
    const col = (name: string) => header.indexOf(name) + 1;
    const data = sheet.rows.map((_, i) => ws.getRow(headerRow + 1 + i));
    expect(data.map((r) => r.getCell(col('rank')).value)).toEqual([1, 2, 2, 4, null]);
    expect(data.map((r) => r.getCell(col('file')).value)).toEqual(sheet.rows.map((r) => r.file));
    expect(data.map((r) => r.getCell(col('final_grade')).value)).toEqual(['4AA', '4AC', '3BA', '2––', null]);
    expect(data.map((r) => r.getCell(col('not_gradable')).value)).toEqual([null, null, null, 'icm;te', null]);
    expect(data.map((r) => r.getCell(col('decision')).value)).toEqual(['transfer', 'freeze', 'biopsy', 'discard', 'undecided']);
    expect(data[1].getCell(col('p_te_B')).value).toBe(0.7);
    expect(ws.rowCount).toBe(headerRow + sheet.rows.length);
  });

  it('puts a decision list validation on every decision cell', async () => {
    const sheet = sampleSheet();
    const ws = await load(await toXlsx(sheet));
    const headerRow = xlsxHeaderRow(sheet);
    for (let i = 0; i < sheet.rows.length; i++) {
      const validation = ws.getRow(headerRow + 1 + i).getCell(5).dataValidation;
      expect(validation).toMatchObject({ type: 'list', formulae: [`"${DECISIONS.join(',')}"`] });
    }
  });

  it('stores a note starting with "=" as neutralised text, never a formula', async () => {
    const sheet = sampleSheet();
    sheet.meta.cycleId = '+C2';
    const ws = await load(await toXlsx(sheet));
    const headerRow = xlsxHeaderRow(sheet);
    const notes = ws.getRow(headerRow + 1).getCell((rowValues(ws, headerRow) as string[]).indexOf('notes') + 1);
    expect(notes.type).toBe(ExcelJS.ValueType.String);
    expect(notes.value).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(rowValues(ws, 3)).toEqual(['Cycle ID', "'+C2"]);
  });
});

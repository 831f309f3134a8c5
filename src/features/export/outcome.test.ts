import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseBatchJson, toBatchJson } from './batch-json';
import { toCsv } from './csv';
import { toPdf } from './pdf';
import { readPdf } from './testing/pdf-reader';
import { outcomeSheet, sampleSheet } from './testing/sheet';
import { BatchImportError } from './validate-sheet';
import { toXlsx, xlsxHeaderRow, XLSX_SHEET_NAME } from './xlsx';

const csvRows = (csv: string) => Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });

async function xlsxTable(bytes: Uint8Array, headerRow: number) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const ws = workbook.getWorksheet(XLSX_SHEET_NAME)!;
  const header = (ws.getRow(headerRow).values as unknown[]).slice(1) as string[];
  const rows = Array.from({ length: ws.rowCount - headerRow }, (_, i) => (ws.getRow(headerRow + 1 + i).values as unknown[]).slice(1));
  return { ws, header, rows };
}

describe('grade sheets from a model with an outcome head', () => {
  it('CSV: p_outcome and outcome_label after the class probabilities, blank for a row without one', () => {
    const { data, meta } = csvRows(toCsv(outcomeSheet()));
    const fields = meta.fields!;
    expect(fields.indexOf('p_outcome')).toBe(fields.indexOf('p_te_A') + 1);
    expect(fields.indexOf('outcome_label')).toBe(fields.indexOf('p_outcome') + 1);
    expect(data.map((r) => r.p_outcome)).toEqual(['0.8125', '0.5000', '0.2500', '0.0625', '']);
    expect(data.map((r) => r.outcome_label)).toEqual(['good', 'good', 'good', 'good', '']);
    expect(data[0]!.policy).toBe('Lab outcome');
  });

  it('CSV: no outcome column at all without one (the header stays as it was)', () => {
    const fields = csvRows(toCsv(sampleSheet())).meta.fields!;
    expect(fields.filter((f) => /outcome/.test(f))).toEqual([]);
  });

  it('CSV and XLSX: a formula-like positive label is neutralised', async () => {
    const sheet = outcomeSheet('=HYPERLINK("http://x","y")');
    expect(csvRows(toCsv(sheet)).data[0]!.outcome_label).toBe('\'=HYPERLINK("http://x","y")');
    const { header, rows } = await xlsxTable(await toXlsx(sheet), xlsxHeaderRow(sheet));
    expect(rows[0]![header.indexOf('outcome_label')]).toBe('\'=HYPERLINK("http://x","y")');
  });

  it('XLSX: the same columns, the probability a number with four decimals; none without one', async () => {
    const sheet = outcomeSheet();
    const { ws, header, rows } = await xlsxTable(await toXlsx(sheet), xlsxHeaderRow(sheet));
    const column = header.indexOf('p_outcome');
    expect(column).toBe(header.indexOf('p_te_A') + 1);
    expect(rows.map((r) => r[column] ?? null)).toEqual([0.8125, 0.5, 0.25, 0.0625, null]);
    expect(ws.getColumn(column + 1).numFmt).toBe('0.0000');
    const plain = sampleSheet();
    expect((await xlsxTable(await toXlsx(plain), xlsxHeaderRow(plain))).header.filter((h) => /outcome/.test(h))).toEqual([]);
  });

  it('PDF: P(label) beside the top probabilities only for rows that have it', async () => {
    const [page] = await readPdf(await toPdf(outcomeSheet('fetal heart')));
    const text = page!.lines.join('\n');
    expect(text).toContain('P(fetal heart) 0.81');
    expect(text).toContain('P(fetal heart) 0.06');
    expect(text.match(/P\(fetal heart\)/g)).toHaveLength(4);
    const [plain] = await readPdf(await toPdf(sampleSheet()));
    expect(plain!.lines.join('\n')).not.toContain('P(');
  });

  it('JSON: round-trips the outcome and refuses one that is not a probability', () => {
    const sheet = outcomeSheet();
    const file = parseBatchJson(toBatchJson(sheet, { exportedAt: '2026-11-26T11:00:00.000Z' }));
    expect(file.sheet).toEqual(sheet);
    expect(file.sheet.rows[0]!.outcome).toEqual({ probability: 0.8125, positiveLabel: 'good' });
    expect('outcome' in file.sheet.rows[4]!).toBe(false);
    const bad = JSON.parse(toBatchJson(sheet)) as { sheet: { rows: { outcome?: unknown }[] } };
    bad.sheet.rows[1]!.outcome = { probability: 1.5, positiveLabel: 'good' };
    expect(() => parseBatchJson(JSON.stringify(bad))).toThrow(BatchImportError);
    expect(() => parseBatchJson(JSON.stringify(bad))).toThrow('sheet.rows[1].outcome.probability must be a probability from 0 to 1, got 1.5');
    bad.sheet.rows[1]!.outcome = { probability: 0.5 };
    expect(() => parseBatchJson(JSON.stringify(bad))).toThrow('sheet.rows[1].outcome.positiveLabel must be text, got nothing');
  });
});

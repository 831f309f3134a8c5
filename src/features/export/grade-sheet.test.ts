import { describe, expect, it } from 'vitest';
import { buildRows, rankImages } from '../review';
import type { BatchRecord, ImageRecord } from '../../lib/storage';
import type { HeadPrediction, Prediction } from '../../lib/types';
import { parseBatchJson, toBatchJson } from './batch-json';
import { toCsv } from './csv';
import { buildGradeSheet } from './grade-sheet';

const batch: BatchRecord = { id: 'b', patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '', createdAt: '', updatedAt: '' };
const certain = (name: HeadPrediction['name'], classes: string[], label: string): HeadPrediction => ({
  name, classes, probabilities: classes.map((c) => (c === label ? 1 : 0)), argmax: label, lowConfidence: false,
});
const heads = [certain('expansion', ['3', '4'], '4'), certain('icm', ['C', 'B', 'A'], 'B'), certain('te', ['C', 'B', 'A'], 'B')];
const prediction = (probability?: number): Prediction => ({
  heads, modelId: 'lab', modelVersion: '1', modelHash: 'h', intendedUse: 'test', backend: 'wasm', inferenceMs: 1,
  ...(probability === undefined ? {} : { outcome: { probability, positiveLabel: 'good' } }),
});
const image = (index: number, p: Prediction | null): ImageRecord => ({
  id: `i${index}`, batchId: 'b', index, fileName: `e${index}.png`, contentHash: String(index), byteSize: 1, status: p ? 'done' : 'error',
  error: p ? null : 'not an image', warnings: [], width: null, height: null, original: new Blob(), thumbnail: null, crop: null,
  localisation: null, prediction: p, overrides: {}, decision: 'undecided', notes: '', updatedAt: '2026-11-29T00:00:00Z',
});

async function sheetOf(images: ImageRecord[], policy: 'outcome' | 'expected-score') {
  const ranking = { policy, useFinalGrades: true };
  const rows = buildRows(images, rankImages(images, ranking, 'D5'), () => null);
  return { rows, sheet: await buildGradeSheet(batch, images, rows, ranking) };
}

describe('the grade sheet from the review rows', () => {
  it('carries the outcome probability to the table rows and the sheet, ranked by it under Lab outcome', async () => {
    const { rows, sheet } = await sheetOf([image(0, prediction(0.2)), image(1, prediction(0.9)), image(2, null)], 'outcome');
    expect(rows.map((r) => r.outcome?.probability)).toEqual([0.2, 0.9, undefined]);
    expect(sheet.ranking.policy).toBe('Lab outcome');
    expect(sheet.rows.map((r) => [r.file, r.rank, r.outcome?.probability])).toEqual([['e1.png', 1, 0.9], ['e0.png', 2, 0.2], ['e2.png', null, undefined]]);
    expect(toCsv(sheet)).toContain(',p_outcome,outcome_label,');
  });

  it("shows the views' disagreement in the table's flags and the sheet; a grade stored without it raises nothing", async () => {
    const doubted: Prediction = { ...prediction(), heads: heads.map((h) => ({ ...h, viewAgreement: h.name === 'expansion' ? { agree: 5, of: 8 } : { agree: 8, of: 8 } })) };
    const { rows, sheet } = await sheetOf([image(0, doubted), image(1, prediction())], 'expected-score');
    const message = "Expansion: the model's 8 views of this crop disagree (5 of 8 call 4); review it.";
    expect(rows.map((r) => r.flags)).toEqual([[message], []]);
    expect(sheet.rows.find((r) => r.file === 'e0.png')!.heads[0]!.viewAgreement).toEqual({ agree: 5, of: 8 });
    expect(sheet.rows.find((r) => r.file === 'e1.png')!.heads[0]).not.toHaveProperty('viewAgreement');
    const csv = toCsv(sheet);
    expect(csv).toContain(',views_disagree,');
    expect(csv).toContain(message);
  });

  it("puts a failed image's error first among its flags, keeps each head's override and comes back whole from the batch JSON", async () => {
    const overridden = { ...image(0, prediction()), overrides: { te: 'C' }, decision: 'freeze' as const, notes: 'thin TE', dish: 'D4', well: '11', crop: new Blob([new Uint8Array([137, 80])]) };
    const { sheet } = await sheetOf([overridden, image(1, null)], 'expected-score');
    const [graded, failed] = sheet.rows;
    expect(graded).toMatchObject({ file: 'e0.png', embryo: 1, aiGrade: '4BB', finalGrade: '4BC', overridden: true, decision: 'freeze', notes: 'thin TE', dish: 'D4', well: '11', timestamp: '2026-11-29T00:00:00Z' });
    expect(graded!.heads.map((h) => [h.name, h.aiGrade, h.finalGrade])).toEqual([['expansion', '4', null], ['icm', 'B', null], ['te', 'B', 'C']]);
    expect(graded!.thumbnailPng).toEqual(new Uint8Array([137, 80]));
    expect(failed).toMatchObject({ file: 'e1.png', rank: null, aiGrade: '', heads: [], flags: ['not an image'] });
    expect(failed).not.toHaveProperty('dish');
    expect(parseBatchJson(toBatchJson(sheet)).sheet).toEqual(sheet);
  });

  it('a model without an outcome head gives the sheet it always did', async () => {
    const { sheet } = await sheetOf([image(0, prediction()), image(1, prediction())], 'expected-score');
    expect(sheet.rows.every((r) => !('outcome' in r))).toBe(true);
    expect(toCsv(sheet)).not.toContain('outcome');
    expect(sheet.model).not.toHaveProperty('realSignalWarning');
  });

  it("carries the grading model's real-embryo warning onto the sheet", async () => {
    const warned: Prediction = { ...prediction(), realSignalWarning: 'Measured on 140 real embryos, TE inverted.' };
    const { sheet } = await sheetOf([image(0, warned)], 'expected-score');
    expect(sheet.model.realSignalWarning).toBe('Measured on 140 real embryos, TE inverted.');
  });
});

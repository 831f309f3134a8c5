import { describe, expect, it } from 'vitest';
import { defaultRankingOptions, rankEmbryos, rankingEmbryo } from '../ranking';
import type { ImageRecord } from '../../lib/storage';
import type { HeadPrediction, Prediction } from '../../lib/types';
import { buildRows, rankImages, reviewedEmbryo } from './rows';

const certain = (name: HeadPrediction['name'], classes: string[], label: string): HeadPrediction => ({
  name, classes, probabilities: classes.map((c) => (c === label ? 1 : 0)), argmax: label, lowConfidence: false,
});
const heads = (e: string, i: string, t: string) => [certain('expansion', ['3', '4'], e), certain('icm', ['C', 'B', 'A'], i), certain('te', ['C', 'B', 'A'], t)];
const prediction = (h: HeadPrediction[], probability?: number): Prediction => ({
  heads: h, modelId: 'lab', modelVersion: '1', modelHash: 'h', intendedUse: 'test', backend: 'wasm', inferenceMs: 1,
  ...(probability === undefined ? {} : { outcome: { probability, positiveLabel: 'good' } }),
});
const image = (index: number, p: Prediction | null, extra: Partial<ImageRecord> = {}): ImageRecord => ({
  id: `i${index}`, batchId: 'b', index, fileName: `e${index}.png`, contentHash: String(index), byteSize: 1, status: p ? 'done' : 'error',
  error: p ? null : 'not an image', warnings: [], width: null, height: null, original: new Blob(), thumbnail: null, crop: null,
  localisation: null, prediction: p, overrides: {}, decision: 'undecided', notes: '', updatedAt: '2026-11-29T00:00:00Z', ...extra,
});
const ranking = { ...defaultRankingOptions(), policy: 'expected-score' as const };

describe('the review rows from stored images and the ranking', () => {
  it('shows AI and final grades, rank, ties and the ranking flags; a failed image stays unranked with its error', () => {
    const images = [
      image(0, prediction(heads('3', 'B', 'B')), { overrides: { te: 'C' }, decision: 'freeze', notes: 'n' }),
      image(1, prediction(heads('4', 'A', 'A'))),
      image(2, null),
      image(3, prediction(heads('4', 'A', 'A'))),
    ];
    const rows = buildRows(images, rankImages(images, ranking, 'D5'), () => null);
    expect(rows.map((r) => [r.number, r.fileName, r.aiGrade, r.finalGrade, r.rank, r.tie])).toEqual([
      [1, 'e0.png', '3BB', '3BC', 3, false],
      [2, 'e1.png', '4AA', '4AA', 1, true],
      [3, 'e2.png', '', '', null, false],
      [4, 'e3.png', '4AA', '4AA', 1, true],
    ]);
    expect(rows[0]).toMatchObject({ overrides: { te: 'C' }, decision: 'freeze', notes: 'n', status: 'done', error: null });
    expect(rows[2]).toMatchObject({ status: 'error', error: 'not an image', flags: [], scoreLabel: '', heads: null });
    expect(rows[1]!.scoreLabel).toMatch(/^\d\.\d{3}$/);
  });

  it("carries the outcome probability only for a model with an outcome head, and the views' disagreement as a flag", () => {
    const doubted = heads('4', 'B', 'B').map((h) => ({ ...h, viewAgreement: h.name === 'expansion' ? { agree: 5, of: 8 } : { agree: 8, of: 8 } }));
    const images = [image(0, prediction(doubted, 0.2)), image(1, prediction(heads('4', 'B', 'B')))];
    const rows = buildRows(images, rankImages(images, ranking, 'D5'), () => null);
    expect(rows.map((r) => r.outcome?.probability)).toEqual([0.2, undefined]);
    expect('outcome' in rows[1]!).toBe(false);
    expect(rows.map((r) => r.flags)).toEqual([["Expansion: the model's 8 views of this crop disagree (5 of 8 call 4); review it."], []]);
  });

  it("keys each picture's URL by the crop's geometry, so a moved crop is a new picture", () => {
    const crop = new Blob([new Uint8Array([1])]);
    const localisation = { ellipse: { cx: 5, cy: 5, rx: 3, ry: 2, angleDeg: 0 }, crop: { x: 1, y: 2, size: 9 }, quality: 1, warnings: [], manual: true };
    const images = [image(0, prediction(heads('4', 'A', 'A')), { crop, localisation, width: 20, height: 10 })];
    const keys: string[] = [];
    const [row] = buildRows(images, new Map(), (blob, key) => (blob ? (keys.push(key), `blob:${key}`) : null));
    expect(keys).toEqual(['i0:crop:1,2,9']);
    expect(row).toMatchObject({ thumbnailUrl: null, cropUrl: 'blob:i0:crop:1,2,9', imageSize: { width: 20, height: 10 }, manualCrop: true, crop: { x: 1, y: 2, size: 9 } });
  });

  it('makes the same facts from a graded file that is not a stored image (as the CLI has)', () => {
    const file = { id: '0', index: 0, fileName: 'a.png', error: null, prediction: { heads: heads('4', 'A', 'B') }, overrides: {}, decision: 'undecided' as const, notes: '' };
    const [ranked] = rankEmbryos([rankingEmbryo('0', file.prediction)], ranking);
    const stored = buildRows([image(0, prediction(heads('4', 'A', 'B')), { fileName: 'a.png', id: '0' })], new Map([['0', ranked!]]), () => null)[0]!;
    const facts = reviewedEmbryo(file, ranked);
    expect(facts).toEqual({ id: '0', number: 1, fileName: 'a.png', error: null, heads: file.prediction.heads, aiGrade: '4AB', finalGrade: '4AB', grades: { expansion: { ai: '4', final: '4' }, icm: { ai: 'A', final: 'A' }, te: { ai: 'B', final: 'B' } }, overrides: {}, rank: 1, tie: false, flags: [], demotion: null, scoreLabel: ranked!.scoreLabel, decision: 'undecided', notes: '', dish: '', well: '' });
    expect(stored).toMatchObject(facts);
  });
});

// A hand-made grade sheet exercising every export edge (tests only).
import { encodePngRgba } from '../../../lib/image/png';
import type { GradeSheet, GradeSheetHead, GradeSheetRow } from '../types';

export function tinyPng(shade: number): Uint8Array {
  const width = 8;
  const height = 6;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([shade, 255 - shade, (i * 7) % 255, 255], i * 4);
  return encodePngRgba({ width, height, data });
}

function heads(
  ai: [string, string, string],
  final: [string | null, string | null, string | null] = [null, null, null],
  lowTe = false,
  views?: [GradeSheetHead['viewAgreement'], GradeSheetHead['viewAgreement'], GradeSheetHead['viewAgreement']],
): GradeSheetHead[] {
  const probs = (classes: string[], top: string) => classes.map((c) => (c === top ? 0.7 : 0.15));
  const agreement = (i: number) => (views?.[i] ? { viewAgreement: views[i] } : {});
  return [
    { name: 'expansion', classes: ['2', '3', '4'], probabilities: probs(['2', '3', '4'], ai[0]), aiGrade: ai[0], finalGrade: final[0], grade: final[0] ?? ai[0], lowConfidence: false, ...agreement(0) },
    { name: 'icm', classes: ['C', 'B', 'A'], probabilities: probs(['C', 'B', 'A'], ai[1]), aiGrade: ai[1], finalGrade: final[1], grade: final[1] ?? ai[1], lowConfidence: false, ...agreement(1) },
    { name: 'te', classes: ['C', 'B', 'A'], probabilities: probs(['C', 'B', 'A'], ai[2]), aiGrade: ai[2], finalGrade: final[2], grade: final[2] ?? ai[2], lowConfidence: lowTe, ...agreement(2) },
  ];
}

export function sampleRows(): GradeSheetRow[] {
  return [
    {
      rank: 1, tie: false, file: 'embryo-03.png', embryo: 3, dish: 'D1', well: 'W3', aiGrade: '4AA', finalGrade: '4AA', overridden: false,
      heads: heads(['4', 'A', 'A']), score: '0.920', flags: [], decision: 'transfer', notes: '=HYPERLINK("http://evil","click")',
      thumbnailPng: tinyPng(40), timestamp: '2026-11-26T10:00:00.000Z',
    },
    {
      rank: 2, tie: true, file: 'embryo-01.png', embryo: 1, aiGrade: '4AB', finalGrade: '4AC', overridden: true,
      heads: heads(['4', 'A', 'B'], [null, null, 'C'], false, [{ agree: 5, of: 8 }, { agree: 8, of: 8 }, { agree: 6, of: 8 }]), score: '0.620',
      flags: ["Expansion: the model's 8 views of this crop disagree (5 of 8 call 4); review it."], decision: 'freeze',
      notes: 'Line one, with "quotes"\nline two', thumbnailPng: tinyPng(120), timestamp: '2026-11-26T10:01:00.000Z',
    },
    {
      rank: 2, tie: true, file: 'embryo, 02.png', embryo: 2, aiGrade: '3BA', finalGrade: '3BA', overridden: false,
      heads: heads(['3', 'B', 'A'], [null, null, null], true), score: '0.620', flags: ['TE: low-confidence AI grade (A); review it.'],
      decision: 'biopsy', notes: '-1 cell fragment; +check @lab', timestamp: '2026-11-26T10:02:00.000Z',
    },
    {
      // An early blastocyst: below expansion 3 the AI's ICM and TE are not graded (the grading rule), the embryologist marked nothing.
      rank: 4, tie: false, file: 'embryo-04.png', embryo: 4, aiGrade: '2––', finalGrade: '2––', overridden: false,
      heads: heads(['2', 'NG', 'NG']), score: '0.190',
      flags: ["ICM: not graded below expansion 3 (Gardner); the AI's ICM output is not used.", "TE: not graded below expansion 3 (Gardner); the AI's TE output is not used."],
      demotion: 'Ranked after unflagged embryos: ICM not graded, TE not graded',
      decision: 'discard', notes: 'Résumé ≥ 3 µm — 日本 ✓', thumbnailPng: new Uint8Array([1, 2, 3]), timestamp: '2026-11-26T10:03:00.000Z',
    },
    {
      rank: null, tie: false, file: 'broken.tif', embryo: 5, aiGrade: '', finalGrade: '', overridden: false, heads: [],
      flags: ['No AI prediction (not graded or failed); not ranked.'], decision: 'undecided', notes: '', timestamp: '2026-11-26T10:04:00.000Z',
    },
  ];
}

export function sampleSheet(rows: GradeSheetRow[] = sampleRows()): GradeSheet {
  return {
    meta: { clinic: 'Test Clinic Zürich', patientId: 'P-1234', cycleId: 'C2', day: 'D5', embryologist: 'AB', date: '2026-11-26' },
    model: {
      id: 'vgg16-phantom',
      version: '0.1.0',
      hash: 'a3f5c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345',
      intendedUse: 'Research demo trained on synthetic images; not for clinical use.',
    },
    ranking: { policy: 'Expected score (probabilities)', finalGradesUsed: true, weights: 'weights Expansion 1, ICM 0, TE 0; TE left out: inverted on real embryos (ROC AUC 0.25).' },
    rows,
  };
}

/** n plain rows, to overflow PDF pages. */
export function manyRows(n: number): GradeSheetRow[] {
  const base = sampleRows()[1];
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    rank: i + 1,
    tie: false,
    embryo: i + 1,
    file: `img-${String(i + 1).padStart(3, '0')}.png`,
    notes: `note ${i + 1}`,
    thumbnailPng: tinyPng((i * 9) % 255),
  }));
}

/** The sample sheet as graded by a model with an outcome head ("good"); the failed row has none. */
export function outcomeSheet(positiveLabel = 'good'): GradeSheet {
  const probabilities = [0.8125, 0.5, 0.25, 0.0625];
  const rows = sampleRows().map((row, i) => (row.heads.length ? { ...row, outcome: { probability: probabilities[i]!, positiveLabel } } : row));
  return { ...sampleSheet(rows), ranking: { policy: 'Lab outcome', finalGradesUsed: true } };
}

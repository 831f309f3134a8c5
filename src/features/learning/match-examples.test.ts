import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { hasSharedData, sharedDataPath, sharedDataSkipReason } from '../../lib/testing/shared-data';
import { stratifiedFolds } from './folds';
import { matchExamples } from './match-examples';
import { parseLabelSheet } from './parse-label-sheet';
import type { LabelRow } from './types';

const rows = (...files: string[]): LabelRow[] => files.map((file, i) => ({ row: i + 2, file, outcome: 1 }));

describe('matchExamples', () => {
  it('matches by name with folders and case ignored, and lists images without a row', () => {
    const report = matchExamples(rows('D5_002.jpg', 'd5_003.JPG'), ['day5/D5_002.jpg', 'day5/D5_003.jpg', 'day5/D5_004.jpg']);
    expect(report.matched.map((m) => [m.row.file, m.image, m.extensionDiffers])).toEqual([
      ['D5_002.jpg', 'day5/D5_002.jpg', false],
      ['d5_003.JPG', 'day5/D5_003.jpg', false],
    ]);
    expect(report.unmatchedRows).toEqual([]);
    expect(report.imagesWithoutRow).toEqual(['day5/D5_004.jpg']);
  });

  it('falls back to the name before the extension and says so', () => {
    const report = matchExamples(rows('e1.tif', 'e2'), ['e1.jpg', 'e2.png']);
    expect(report.matched.map((m) => [m.image, m.extensionDiffers])).toEqual([
      ['e1.jpg', true],
      ['e2.png', true],
    ]);
  });

  it('says why a row did not match: no such image, or several it could mean', () => {
    const report = matchExamples(rows('missing.jpg', 'e1.tif', 'e2.jpg'), ['e1.jpg', 'e1.png', 'a/e2.jpg', 'b/e2.jpg']);
    expect(report.matched).toEqual([]);
    expect(report.unmatchedRows.map((u) => [u.reason, u.candidates, u.message])).toEqual([
      ['no-image', [], 'Row 2: no image named "missing.jpg" in the folder.'],
      ['ambiguous', ['e1.jpg', 'e1.png'], 'Row 3: "e1.tif" could be any of "e1.jpg", "e1.png"; rename so one image matches.'],
      ['ambiguous', ['a/e2.jpg', 'b/e2.jpg'], 'Row 4: "e2.jpg" could be any of "a/e2.jpg", "b/e2.jpg"; rename so one image matches.'],
    ]);
    expect(report.imagesWithoutRow).toEqual(['e1.jpg', 'e1.png', 'a/e2.jpg', 'b/e2.jpg']);
  });

  it('prefers the exact name over a same-stem image, and refuses two rows reaching one image', () => {
    expect(matchExamples(rows('e1.png'), ['e1.jpg', 'e1.png']).matched.map((m) => m.image)).toEqual(['e1.png']);
    const report = matchExamples(rows('e1.jpg', 'e1.tif'), ['e1.jpg']);
    expect(report.matched).toEqual([]);
    expect(report.unmatchedRows.map((u) => [u.reason, u.message])).toEqual([
      ['image-shared', 'Row 2: "e1.jpg" and row 3 both point to image "e1.jpg"; neither is used.'],
      ['image-shared', 'Row 3: "e1.tif" and row 2 both point to image "e1.jpg"; neither is used.'],
    ]);
  });
});

const labelledDir = sharedDataPath('real-signal/embryo-classification-d5/labelled');

describe.skipIf(!hasSharedData)(`real lab sheet (${hasSharedData ? labelledDir : sharedDataSkipReason})`, () => {
  it('reads labels.csv with its "good" column as outcome and matches all 140 rows to the folder', async () => {
    // This lab calls its binary result "good": one alias maps it onto outcome.
    const sheet = await parseLabelSheet(new Uint8Array(await readFile(`${labelledDir}/labels.csv`)), { columnAliases: { good: 'outcome' } });
    if (!sheet.ok) throw new Error(sheet.refusal);
    expect(sheet.problems).toEqual([]);
    expect(sheet.labelColumns).toEqual(['outcome']);
    expect(sheet.rows).toHaveLength(140);
    expect(sheet.rows.filter((r) => r.outcome === 1)).toHaveLength(51);

    const images = (await readdir(labelledDir)).filter((name) => /\.(jpe?g|png|tiff?|bmp)$/i.test(name));
    const report = matchExamples(sheet.rows, images);
    expect(report.matched).toHaveLength(140);
    expect(report.matched.every((m) => !m.extensionDiffers)).toBe(true);
    expect(report.unmatchedRows).toEqual([]);
    expect(report.imagesWithoutRow).toEqual([]);

    // Enough of each outcome for the default folds: 89 poor and 51 good, dealt evenly.
    const plan = stratifiedFolds(report.matched.map((m) => m.row.outcome!), { labelName: 'outcome' });
    if (!plan.ok) throw new Error(plan.refusal);
    expect(plan.classCounts).toEqual({ '0': 89, '1': 51 });
    expect(plan.warnings).toEqual([]);
    expect(plan.folds.map((f) => f.test.length)).toEqual([28, 28, 28, 28, 28]);
  });
});

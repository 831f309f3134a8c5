import { describe, expect, it } from 'vitest';
import { classificationMetrics, outcomeMetrics } from '../metrics';
import type { LearnReport } from '../learn-report';
import { reportView, skippedImagesView } from './report-adapter';

describe('reportView', () => {
  it('shows base and learned on the same figures per label, outcome AUC first, and a skipped label with its reason', () => {
    const truth = ['0', '1', '1', '0', '1', '0'];
    const base = outcomeMetrics(truth.map(Number) as (0 | 1)[], [0.4, 0.6, 0.3, 0.5, 0.7, 0.2], { resamples: 50 });
    const learned = outcomeMetrics(truth.map(Number) as (0 | 1)[], [0.1, 0.9, 0.8, 0.2, 0.7, 0.3], { resamples: 50 });
    const icm = classificationMetrics(['A', 'B', 'C', 'A'], ['A', 'B', 'B', 'A'], ['C', 'B', 'A'], { resamples: 50 });
    const report = {
      perLabel: [
        { label: 'icm', examples: 4, classCounts: { C: 1, A: 2, B: 1 }, base: icm, learned: icm, warnings: ['icm imbalanced'] },
        { label: 'outcome', examples: 6, classCounts: { '1': 3, '0': 3 }, positiveLabel: 'good', baseComparator: 'its expected expansion', base, learned, baseScoreAuc: 0.5, warnings: [] },
      ],
      skipped: [{ label: 'te', reason: 'Te needs at least 5 examples of each class.' }],
      warnings: [],
    } as unknown as LearnReport;
    const [icmView, outcomeView, teView] = reportView(report);
    expect(icmView!.examples).toEqual([['A', 2], ['B', 1], ['C', 1]]);
    expect(icmView!.figures.map((f) => f.figure)).toEqual(['macro-F1', 'recall C', 'recall B', 'recall A']);
    expect(icmView!.warnings).toEqual(['icm imbalanced']);
    expect(outcomeView!.figures[0]).toMatchObject({ figure: 'ROC AUC', learned: { estimate: 1 } });
    expect(outcomeView!.figures[0]!.base!.estimate).toBe(base.auc.estimate);
    expect(outcomeView!.confusion.learned).toEqual(learned.confusion);
    expect(teView).toMatchObject({ label: 'te', refusal: 'Te needs at least 5 examples of each class.', figures: [] });
  });
});

describe('skippedImagesView', () => {
  it('lists the images a run left out with why, or nothing when none was (or the report predates the list)', () => {
    const skipped = [{ name: 'bad.png', error: 'the file could not be decoded' }, { name: 'x.jpg', error: 'no embryo found' }];
    expect(skippedImagesView({ examples: 138, skippedImages: skipped })).toEqual({ headline: '2 images could not be used and were left out; learned from the other 138:', images: skipped });
    expect(skippedImagesView({ examples: 5, skippedImages: [skipped[0]!] })!.headline).toBe('1 image could not be used and was left out; learned from the other 5:');
    expect(skippedImagesView({ examples: 5, skippedImages: [] })).toBeNull();
    expect(skippedImagesView({ examples: 5 })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { classificationMetrics, outcomeMetrics } from '../metrics';
import type { LearnReport } from '../learn-report';
import { fitLogLinear } from '../curve-fit';
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

  it('adds the within-expansion rows and marker to ICM/TE, and the learning curve with its fitted line and the 2x estimate', () => {
    const icm = classificationMetrics(['A', 'B', 'C', 'A'], ['A', 'B', 'B', 'A'], ['A', 'B', 'C'], { resamples: 20 });
    const iv = (estimate: number, low: number, high: number) => ({ estimate, low, high, resamples: 20 });
    const fit = fitLogLinear([{ examples: 35, figure: 0.6 }, { examples: 70, figure: 0.65 }, { examples: 140, figure: 0.7 }])!;
    const report = {
      perLabel: [
        {
          label: 'icm', examples: 4, classCounts: { A: 2, B: 1, C: 1 }, base: icm, learned: icm, warnings: [],
          withinExpansion: {
            positiveClass: 'A', score: 'p(A)', examples: 4, pairs: 3, expansionGrades: 2,
            overall: { base: iv(0.7, 0.6, 0.8), learned: iv(0.8, 0.7, 0.9) },
            within: { base: iv(0.5, 0.4, 0.6), learned: iv(0.52, 0.41, 0.63) },
            learnedExpansionOnly: true, verdict: 'expansion-only', note: 'Learned expansion, not ICM: ...',
          },
          featureSet: {
            chosen: 'blocks345-mean', figure: 'macro-F1', rule: 'r',
            candidates: [{ set: 'gap', values: 128, figure: iv(0.741, 0.7, 0.8) }, { set: 'blocks345-mean', values: 320, figure: iv(0.903, 0.87, 0.94) }],
          },
        },
      ],
      skipped: [],
      warnings: [],
      curve: {
        fractions: [0.25, 0.5, 0.75, 1],
        method: 'm',
        labels: [{
          label: 'icm', figure: 'macro-F1',
          points: [{ fraction: 0.5, examples: 70, figure: iv(0.65, 0.5, 0.8) }, { fraction: 1, examples: 140, figure: iv(0.7, 0.6, 0.8) }],
          skipped: [{ fraction: 0.25, examples: 35, reason: '25 % of the labels (35 examples) cannot be cross-validated: too few C.' }],
          fit, doubled: { examples: 280, estimate: 0.75, low: 0.6, high: 0.9, note: 'Estimate, extrapolated: ...' },
        }],
      },
    } as unknown as LearnReport;
    const [view] = reportView(report);
    expect(view!.figures.slice(-2)).toEqual([
      { figure: 'ROC AUC A vs rest', base: { estimate: 0.7, low: 0.6, high: 0.8 }, learned: { estimate: 0.8, low: 0.7, high: 0.9 } },
      { figure: 'ROC AUC A vs rest, same expansion', base: { estimate: 0.5, low: 0.4, high: 0.6 }, learned: { estimate: 0.52, low: 0.41, high: 0.63 } },
    ]);
    expect(view!.withinExpansion).toEqual({ positiveClass: 'A', verdict: 'expansion-only', learnedExpansionOnly: true, note: 'Learned expansion, not ICM: ...' });
    const curve = view!.curve!;
    expect(curve.points.map((p) => [p.examples, p.estimate])).toEqual([[70, 0.65], [140, 0.7]]);
    expect(curve.fitLine[0]!.examples).toBeCloseTo(70, 8);
    expect(curve.fitLine[curve.fitLine.length - 1]!.examples).toBeCloseTo(280, 8);
    expect(curve.fitLine[curve.fitLine.length - 1]!.figure).toBeCloseTo(0.75, 8);
    expect(curve.doubled).toMatchObject({ examples: 280, estimate: 0.75 });
    expect(curve.notes).toEqual(['25 % of the labels (35 examples) cannot be cross-validated: too few C.']);
    expect(view!.featureSet).toEqual({
      chosen: 'blocks345-mean',
      line: 'Features: blocks 3+4+5 mean (320 values), chosen by cross-validation: macro-F1 0.90; gap (block 5 mean) (128 values) 0.74.',
    });
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

import { describe, expect, it } from 'vitest';
import type { Fold } from './folds';
import { foldsToScore, learningCurve, MIN_HELD_OUT } from './learning-curve';
import type { Interval } from './metrics';

/** A measure whose figure rises with ln(examples), as a real head's might: 0.3 + 0.06·ln n. */
const logMeasure = (calls: { subset: readonly number[]; folds: Fold[] }[]) => (subset: readonly number[], folds: Fold[]): Interval => {
  calls.push({ subset, folds });
  const figure = 0.3 + 0.06 * Math.log(subset.length);
  return { estimate: figure, low: figure - 0.05, high: figure + 0.05, resamples: 100 };
};

const values = [...Array<string>(60).fill('0'), ...Array<string>(40).fill('1')];
const fullFigure = 0.3 + 0.06 * Math.log(100);

describe('learningCurve', () => {
  it('measures 25/50/75 % on stratified folds of nested subsets, keeps the full figure, and estimates twice the labels', async () => {
    const calls: { subset: readonly number[]; folds: Fold[] }[] = [];
    const curve = await learningCurve(
      [{ label: 'outcome', figure: 'ROC AUC', values, full: { estimate: fullFigure, low: fullFigure - 0.05, high: fullFigure + 0.05, resamples: 100 }, measure: logMeasure(calls) }],
      { folds: 5, seed: 1 },
    );
    const [outcome] = curve.labels;
    expect(outcome!.points.map((p) => [p.fraction, p.examples])).toEqual([[0.25, 25], [0.5, 50], [0.75, 75], [1, 100]]);
    expect(calls.map((c) => c.folds.length)).toEqual([5, 5, 5]);
    // Folds index the subset; every subset example is tested exactly once.
    for (const c of calls) expect(c.folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual(c.subset.map((_s, i) => i));
    expect(calls[0]!.subset.every((i) => calls[1]!.subset.includes(i))).toBe(true);
    expect(outcome!.fit!.slope).toBeCloseTo(0.06, 2);
    expect(outcome!.doubled!.examples).toBe(200);
    expect(outcome!.doubled!.estimate).toBeCloseTo(0.3 + 0.06 * Math.log(200), 2);
    expect(outcome!.doubled!.note).toMatch(/^Estimate, extrapolated: with about 200 labelled examples/);
    expect(outcome!.doubled!.note).toMatch(/\+0\.04 per doubling/);
    expect(outcome!.skipped).toEqual([]);
  });

  it('reads a falling or flat curve as no gain: the estimate at twice the labels is today\'s figure', async () => {
    const falling = (subset: readonly number[]): Interval => {
      const figure = 0.9 - 0.03 * Math.log(subset.length);
      return { estimate: figure, low: figure - 0.1, high: figure + 0.1, resamples: 100 };
    };
    const full = falling(values.map((_v, i) => i));
    const curve = await learningCurve([{ label: 'expansion', figure: 'macro-F1', values, full, measure: falling }], { folds: 5, seed: 1 });
    const [expansion] = curve.labels;
    expect(expansion!.fit!.slope).toBeLessThan(0);
    expect(expansion!.doubled!.estimate).toBeCloseTo(full.estimate, 10);
    expect(expansion!.doubled!.note).toMatch(/no gain is measurable from these points/);
  });

  it('skips a fraction whose classes are too small for the folds, says why, and fits no curve from too few points', async () => {
    const small = [...Array<string>(30).fill('A'), ...Array<string>(8).fill('B')];
    let skippedFolds = 0;
    const curve = await learningCurve(
      [{ label: 'icm', figure: 'macro-F1', values: small, full: { estimate: 0.7, low: 0.6, high: 0.8, resamples: 100 }, measure: logMeasure([]) }],
      { folds: 5, seed: 1, onSkipped: (n) => (skippedFolds += n) },
    );
    const [icm] = curve.labels;
    expect(icm!.skipped.map((s) => s.fraction)).toEqual([0.25, 0.5]);
    expect(icm!.skipped[0]!.reason).toMatch(/^25 % of the labels \(10 examples\) cannot be cross-validated: Icm needs at least 5 examples of each class/);
    expect(skippedFolds).toBe(10);
    expect(icm!.points.map((p) => p.fraction)).toEqual([0.75, 1]);
    expect(icm!.fit).toBeNull();
    expect(icm!.doubled).toBeNull();
    expect(icm!.noFit).toMatch(/Only 2 of the 4 points/);
  });

  it('scores a subset on the fewest first folds that hold out 200 examples: each still trains on 4/5 of it', async () => {
    expect(MIN_HELD_OUT).toBe(200);
    expect([100, 275, 550, 825, 1100, 5000].map((n) => foldsToScore(n, 5))).toEqual([5, 4, 2, 2, 1, 1]);
    expect(foldsToScore(3000, 10)).toBe(1);
    const many = Array.from({ length: 1100 }, (_v, i) => ['A', 'B', 'C'][i % 3]!);
    const calls: { subset: readonly number[]; folds: Fold[] }[] = [];
    const curve = await learningCurve([{ label: 'icm', figure: 'macro-F1', values: many, full: Promise.resolve({ estimate: 0.9, low: 0.85, high: 0.95, resamples: 100 }), measure: logMeasure(calls) }], { folds: 5, seed: 1 });
    expect(calls.map((c) => [c.subset.length, c.folds.length])).toEqual([[276, 4], [551, 2], [825, 2]]);
    for (const c of calls) {
      const heldOut = c.folds.flatMap((f) => f.test);
      expect(new Set(heldOut).size).toBe(heldOut.length);
      expect(heldOut.length).toBeGreaterThanOrEqual(MIN_HELD_OUT);
      for (const f of c.folds) expect(f.train.length + f.test.length).toBe(c.subset.length);
    }
    expect(curve.labels[0]!.points.at(-1)).toMatchObject({ fraction: 1, examples: 1100, figure: { estimate: 0.9 } });
    expect(curve.method).toContain('only as many are fitted and scored as hold out at least 200 examples');
  });
});

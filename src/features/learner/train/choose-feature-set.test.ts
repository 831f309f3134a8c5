import { describe, expect, it } from 'vitest';
import type { Fold } from '../../learning/headless';
import { chooseFeatureSet, choiceRule, comparisonFolds, MIN_GAIN } from './choose-feature-set';
import { heldOut, heldOutAuc, heldOutMacroF1 } from './cross-validate';
import type { FeatureSet } from './feature-layout';

const gap = { name: 'gap', size: 128 } as FeatureSet;
const multi = { name: 'blocks345-mean', size: 320 } as FeatureSet;
const figure = (estimate: number) => ({ estimate, low: estimate - 0.05, high: estimate + 0.05, resamples: 100 });

describe('feature-set choice on the first folds', () => {
  it('states a one-fold comparison as such', () => expect(choiceRule(1, 5)).toContain('first fold of the 5'));

  it('compares on the fewest first folds that hold out 200 examples, on all of them with fewer labels or one set', () => {
    // 1,100 labels: fold 1 holds out 220.
    expect(comparisonFolds(1100, 5, 2)).toBe(1);
    // 735: two folds hold out 294.
    expect(comparisonFolds(735, 5, 2)).toBe(2);
    expect(comparisonFolds(300, 5, 2)).toBe(4);
    // 140 or 60 labels: every fold, as a full cross-validation.
    expect(comparisonFolds(140, 5, 2)).toBe(5);
    expect(comparisonFolds(60, 5, 2)).toBe(5);
    // One set offered: nothing to compare, every fold is the cross-validation.
    expect(comparisonFolds(5000, 5, 1)).toBe(5);
  });

  it('keeps gap unless another set is higher by the margin, and states on which folds it compared', () => {
    const on = { folds: 2, of: 5, examples: 440 };
    expect(chooseFeatureSet([{ set: gap, figure: figure(0.8) }, { set: multi, figure: figure(0.8 + MIN_GAIN / 2) }], 'macro-F1', on).chosen).toBe('gap');
    const choice = chooseFeatureSet([{ set: gap, figure: figure(0.8) }, { set: multi, figure: figure(0.9) }], 'macro-F1', on);
    expect(choice).toMatchObject({ chosen: 'blocks345-mean', comparedOn: on, figure: 'macro-F1' });
    expect(choice.rule).toBe(choiceRule(2, 5));
    expect(choice.rule).toContain('first 2 folds of the 5 (the fewest that hold out at least 200 examples');
    expect(choice.rule).toContain('the chosen set is then cross-validated on all 5 folds');
    expect(choiceRule(5, 5)).not.toContain('of the 5');
  });

  it('scores a head only on the examples its folds hold out: a partial set of folds gives the figure over those, all folds the full figure', () => {
    // 10 examples, 2 classes; fold k holds out examples 2k and 2k+1.
    const folds: Fold[] = Array.from({ length: 5 }, (_v, k) => ({ test: [2 * k, 2 * k + 1], train: Array.from({ length: 10 }, (_w, i) => i).filter((i) => i !== 2 * k && i !== 2 * k + 1) }));
    const targets = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    // Right on the first two folds' examples (0-3), wrong on every other one; the rest never predicted.
    const learned = targets.map((t, i) => (i < 4 ? Float32Array.of(t === 0 ? 0.9 : 0.1, t === 0 ? 0.1 : 0.9) : Float32Array.of(t === 0 ? 0.1 : 0.9, t === 0 ? 0.9 : 0.1)));
    const first = { folds: folds.slice(0, 2), bootstrapSeed: 's' };
    expect(heldOut(first)).toEqual([0, 1, 2, 3]);
    expect(heldOutMacroF1('icm', ['A', 'B'], targets, learned, first).estimate).toBe(1);
    expect(heldOutMacroF1('icm', ['A', 'B'], targets, learned, { folds, bootstrapSeed: 's' }).estimate).toBeCloseTo(0.4, 10);
    const scores = learned.map((p) => p[1]!);
    expect(heldOutAuc(targets as (0 | 1)[], scores, first).estimate).toBe(1);
    expect(heldOutAuc(targets as (0 | 1)[], scores, { folds, bootstrapSeed: 's' }).estimate).toBeCloseTo(0.4, 10);
  });
});

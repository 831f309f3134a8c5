import { describe, expect, it } from 'vitest';
import { stratifiedFolds, type FoldPlan } from './folds';

const labelsOf = (counts: Record<string, number>): string[] => Object.entries(counts).flatMap(([label, n]) => new Array<string>(n).fill(label));

function planned(plan: FoldPlan) {
  if (!plan.ok) throw new Error(`refused: ${plan.refusal}`);
  return plan;
}

function refusal(plan: FoldPlan): string {
  if (plan.ok) throw new Error('expected a refusal');
  return plan.refusal;
}

describe('stratifiedFolds', () => {
  it('puts every example in exactly one test fold, trains on the rest, and keeps class proportions', () => {
    const labels = labelsOf({ poor: 10, good: 15 });
    const { folds, classCounts, warnings } = planned(stratifiedFolds(labels));
    expect(classCounts).toEqual({ good: 15, poor: 10 });
    expect(warnings).toEqual([]);
    expect(folds).toHaveLength(5);
    expect(folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual(labels.map((_l, i) => i));
    for (const fold of folds) {
      expect(fold.test.filter((i) => labels[i] === 'poor')).toHaveLength(2);
      expect(fold.test.filter((i) => labels[i] === 'good')).toHaveLength(3);
      expect([...fold.train, ...fold.test].sort((a, b) => a - b)).toEqual(labels.map((_l, i) => i));
    }
  });

  it('keeps fold sizes within one of each other when classes do not divide evenly', () => {
    const { folds } = planned(stratifiedFolds(labelsOf({ a: 7, b: 6, c: 8 }), { folds: 5 }));
    const sizes = folds.map((f) => f.test.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(21);
  });

  it('gives the same folds for the same seed and other folds for another seed', () => {
    const labels = labelsOf({ '0': 40, '1': 30 });
    const first = planned(stratifiedFolds(labels, { seed: 'lab-7' })).folds;
    expect(planned(stratifiedFolds(labels, { seed: 'lab-7' })).folds).toEqual(first);
    expect(planned(stratifiedFolds(labels, { seed: 'lab-8' })).folds).not.toEqual(first);
    expect(planned(stratifiedFolds(labels.map(Number))).folds).toEqual(planned(stratifiedFolds(labels)).folds);
  });

  it('refuses one class only, or no examples', () => {
    expect(refusal(stratifiedFolds(labelsOf({ '1': 140 }), { labelName: 'outcome' }))).toBe(
      'Outcome has only one class ("1": 140); learning it needs examples of at least two classes.',
    );
    expect(refusal(stratifiedFolds([], { labelName: 'icm' }))).toBe('Icm has no examples; learning it needs examples of at least two classes.');
  });

  it('refuses a class below the minimum per class, saying how many more it needs', () => {
    const plan = stratifiedFolds(labelsOf({ A: 20, B: 3, C: 4 }), { labelName: 'te' });
    expect(refusal(plan)).toBe('Te needs at least 5 examples of each class for 5-fold cross-validation: "B" has 3 (2 more needed), "C" has 4 (1 more needed).');
    expect(plan.classCounts).toEqual({ A: 20, B: 3, C: 4 });
  });

  it('needs as many examples per class as folds when folds exceed the minimum', () => {
    expect(refusal(stratifiedFolds(labelsOf({ '3': 12, '4': 8 }), { folds: 10, labelName: 'expansion' }))).toBe(
      'Expansion needs at least 10 examples of each class for 10-fold cross-validation: "4" has 8 (2 more needed).',
    );
    expect(stratifiedFolds(labelsOf({ a: 3, b: 3 }), { folds: 3, minPerClass: 3 }).ok).toBe(true);
  });

  it('warns on heavy imbalance (above 10 : 1) and not at 10 : 1', () => {
    expect(planned(stratifiedFolds(labelsOf({ '0': 110, '1': 10 }), { labelName: 'outcome' })).warnings).toEqual([
      'Outcome is heavily imbalanced: "0" has 110 examples, "1" 10 (11.0 : 1); read its per-class recall, not its accuracy.',
    ]);
    expect(planned(stratifiedFolds(labelsOf({ '0': 100, '1': 10 }))).warnings).toEqual([]);
  });

  it('rejects a fold count below two as a programming error', () => {
    expect(() => stratifiedFolds(['a', 'b'], { folds: 1 })).toThrow('folds must be an integer of at least 2, not 1');
  });
});

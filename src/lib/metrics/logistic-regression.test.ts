import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { crossValidatedAuc, fitLogistic, predictLogistic, stratifiedFolds } from './logistic-regression';

/** Two Gaussian clouds in `dims` dimensions whose means differ by `shift` along the first axis only. */
function clouds(n: number, dims: number, shift: number, seed: string): { rows: number[][]; labels: boolean[] } {
  const rng = seedrandom.alea(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const rows: number[][] = [];
  const labels: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const positive = i % 2 === 0;
    rows.push(Array.from({ length: dims }, (_, j) => normal() * (j === 2 ? 1000 : 1) + (positive && j === 0 ? shift : 0)));
    labels.push(positive);
  }
  return { rows, labels };
}

describe('fitLogistic', () => {
  it('learns a separable one-dimensional split and predicts probabilities on the right sides', () => {
    const rows = [[-3], [-2], [-1.5], [1.5], [2], [3]];
    const labels = [false, false, false, true, true, true];
    const model = fitLogistic(rows, labels);
    expect(predictLogistic(model, [-2.5])).toBeLessThan(0.2);
    expect(predictLogistic(model, [2.5])).toBeGreaterThan(0.8);
    expect(predictLogistic(model, [0])).toBeCloseTo(0.5, 1);
  });

  it('puts the weight on the informative feature, whatever the other features’ scale', () => {
    const { rows, labels } = clouds(400, 4, 2, 'weights');
    const model = fitLogistic(rows, labels);
    const w = [...model.weights].map(Math.abs);
    expect(w[0]).toBeGreaterThan(3 * Math.max(w[1]!, w[2]!, w[3]!));
  });

  it('survives a constant feature', () => {
    const model = fitLogistic([[1, 5], [2, 5], [3, 5], [4, 5]], [false, false, true, true]);
    expect(Number.isFinite(model.bias)).toBe(true);
    expect(predictLogistic(model, [4, 5])).toBeGreaterThan(0.5);
  });
});

describe('stratifiedFolds', () => {
  it('spreads each class evenly over the folds, the same way for the same seed', () => {
    const labels = Array.from({ length: 50 }, (_, i) => i < 20);
    const a = stratifiedFolds(labels, 5, 's');
    expect(stratifiedFolds(labels, 5, 's')).toEqual(a);
    expect(stratifiedFolds(labels, 5, 't')).not.toEqual(a);
    for (let f = 0; f < 5; f++) {
      expect(a.filter((v, i) => v === f && labels[i]).length).toBe(4);
      expect(a.filter((v, i) => v === f && !labels[i]).length).toBe(6);
    }
  });
});

describe('crossValidatedAuc', () => {
  it('is near 0.5 for indistinguishable sets and near 1 for well separated ones', () => {
    const same = clouds(300, 8, 0, 'same');
    const apart = clouds(300, 8, 4, 'apart');
    const chance = crossValidatedAuc(same.rows, same.labels, { seed: 'x' });
    const clear = crossValidatedAuc(apart.rows, apart.labels, { seed: 'x' });
    expect(chance.auc).toBeGreaterThan(0.38);
    expect(chance.auc).toBeLessThan(0.62);
    expect(clear.auc).toBeGreaterThan(0.97);
    expect(clear.foldAucs).toHaveLength(5);
    expect(clear.scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  });

  it('is deterministic per seed', () => {
    const { rows, labels } = clouds(120, 5, 1, 'det');
    expect(crossValidatedAuc(rows, labels, { seed: 'a' })).toEqual(crossValidatedAuc(rows, labels, { seed: 'a' }));
  });
});

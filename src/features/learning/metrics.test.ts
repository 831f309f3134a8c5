import { describe, expect, it } from 'vitest';
import { bootstrap, classificationMetrics, outcomeMetrics, percentile } from './metrics';

describe('classificationMetrics', () => {
  // By hand: confusion A [2,1,0], B [0,1,1], C [0,0,1]; F1 A 4/5, B 2/4, C 2/3.
  const truth = ['A', 'A', 'A', 'B', 'B', 'C'];
  const predicted = ['A', 'A', 'B', 'B', 'C', 'C'];

  it('gives the hand-computed confusion matrix, accuracy, macro-F1 and per-class recall', () => {
    const m = classificationMetrics(truth, predicted, ['A', 'B', 'C']);
    expect(m.confusion).toEqual([
      [2, 1, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(m.accuracy.estimate).toBeCloseTo(4 / 6, 12);
    expect(m.macroF1.estimate).toBeCloseTo((4 / 5 + 2 / 4 + 2 / 3) / 3, 12);
    expect(m.recall.A!.estimate).toBeCloseTo(2 / 3, 12);
    expect(m.recall.B!.estimate).toBeCloseTo(1 / 2, 12);
    expect(m.recall.C!.estimate).toBe(1);
  });

  it('leaves a class absent from truth and predictions out of macro-F1, with no recall', () => {
    const m = classificationMetrics(truth, predicted, ['A', 'B', 'C', 'D']);
    expect(m.macroF1.estimate).toBeCloseTo((4 / 5 + 2 / 4 + 2 / 3) / 3, 12);
    expect(m.recall.D!.estimate).toBeNaN();
    expect(m.confusion[3]).toEqual([0, 0, 0, 0]);
  });

  it('counts a class predicted but never true as F1 0 in the macro average', () => {
    const m = classificationMetrics(['A', 'A'], ['A', 'B'], ['A', 'B']);
    expect(m.macroF1.estimate).toBeCloseTo((2 / 3 + 0) / 2, 12);
  });

  it('brackets the estimate with a seeded percentile interval that repeats exactly', () => {
    const m = classificationMetrics(truth, predicted, ['A', 'B', 'C'], { seed: 's1' });
    for (const figure of [m.accuracy, m.macroF1, m.recall.A!]) {
      expect(figure.low).toBeLessThanOrEqual(figure.estimate);
      expect(figure.high).toBeGreaterThanOrEqual(figure.estimate);
      expect(figure.high).toBeGreaterThan(figure.low);
    }
    expect(m.accuracy.resamples).toBe(1000);
    expect(classificationMetrics(truth, predicted, ['A', 'B', 'C'], { seed: 's1' })).toEqual(m);
  });

  it('gives an accuracy interval close to the binomial one on a larger sample', () => {
    // 160 of 200 right: normal approximation 0.8 ± 1.96·sqrt(0.8·0.2/200) = [0.745, 0.855].
    const truthLarge = Array.from({ length: 200 }, (_x, i) => (i % 2 ? 'A' : 'B'));
    const predictedLarge = truthLarge.map((t, i) => (i < 40 ? (t === 'A' ? 'B' : 'A') : t));
    const { accuracy } = classificationMetrics(truthLarge, predictedLarge, ['A', 'B'], { resamples: 2000 });
    expect(accuracy.estimate).toBe(0.8);
    expect(accuracy.low).toBeGreaterThan(0.73);
    expect(accuracy.low).toBeLessThan(0.76);
    expect(accuracy.high).toBeGreaterThan(0.84);
    expect(accuracy.high).toBeLessThan(0.87);
  });

  it('gives a zero-width interval for perfect predictions', () => {
    const m = classificationMetrics(['A', 'B', 'A'], ['A', 'B', 'A'], ['A', 'B']);
    expect([m.accuracy.low, m.accuracy.high]).toEqual([1, 1]);
  });

  it('rejects mismatched lengths, no examples and labels outside the classes', () => {
    expect(() => classificationMetrics(['A'], ['A', 'B'], ['A', 'B'])).toThrow('1 labels for 2 predictions');
    expect(() => classificationMetrics([], [], ['A'])).toThrow('no examples');
    expect(() => classificationMetrics(['A'], ['Z'], ['A', 'B'])).toThrow('"Z" is not one of A, B');
  });
});

describe('outcomeMetrics', () => {
  it('gives the hand-computed ROC AUC and the figures at the 0.5 threshold', () => {
    // Pairs (positive above negative): 0.35 > 0.1 only; 0.8 beats both: 3 of 4.
    const m = outcomeMetrics([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(m.auc.estimate).toBe(0.75);
    expect(m.threshold).toBe(0.5);
    expect(m.confusion).toEqual([
      [2, 0],
      [1, 1],
    ]);
    expect(m.recall['0']!.estimate).toBe(1);
    expect(m.recall['1']!.estimate).toBe(0.5);
    // Resamples holding one class only have no AUC and are not counted (about 1 in 8 here).
    expect(m.auc.resamples).toBeGreaterThan(800);
    expect(m.auc.resamples).toBeLessThan(950);
    expect(m.auc.low).toBeLessThanOrEqual(0.75);
    expect(m.auc.high).toBe(1);
  });

  it('uses the threshold given', () => {
    expect(outcomeMetrics([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], { threshold: 0.3 }).confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
  });

  it('is fast enough for a report: 140 examples, 1000 resamples, well under a second', () => {
    const truth = Array.from({ length: 140 }, (_x, i) => (i % 3 === 0 ? 1 : 0) as 0 | 1);
    const probabilities = truth.map((t, i) => 0.3 * t + ((i * 7919) % 100) / 140);
    const start = performance.now();
    const m = outcomeMetrics(truth, probabilities);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(m.auc.resamples).toBe(1000);
    expect(m.auc.low).toBeLessThan(m.auc.estimate);
    expect(m.auc.high).toBeGreaterThan(m.auc.estimate);
  });
});

describe('bootstrap and percentile', () => {
  it('interpolates percentiles linearly between ranks', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile(Array.from({ length: 101 }, (_x, i) => i), 2.5)).toBeCloseTo(2.5, 12);
    expect(percentile([7], 97.5)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('returns one interval per figure, computed on the full sample for the estimate', () => {
    const values = [1, 2, 3, 4, 5];
    const [mean, max] = bootstrap(values.map((_v, i) => i), (s) => [s.reduce((a, i) => a + values[i]!, 0) / s.length, Math.max(...s.map((i) => values[i]!))], { resamples: 200 });
    expect(mean!.estimate).toBe(3);
    expect(max!.estimate).toBe(5);
    expect(mean!.low).toBeGreaterThanOrEqual(1);
    expect(mean!.high).toBeLessThanOrEqual(5);
    expect(max!.resamples).toBe(200);
  });

  it('repeats exactly with one seed and draws other resamples with another', () => {
    const values = Array.from({ length: 50 }, (_v, i) => Math.sin(i) * 10);
    const mean = (s: readonly number[]) => [s.reduce((a, i) => a + values[i]!, 0) / s.length];
    const indices = values.map((_v, i) => i);
    const first = bootstrap(indices, mean, { seed: 'a' });
    expect(bootstrap(indices, mean, { seed: 'a' })).toEqual(first);
    const other = bootstrap(indices, mean, { seed: 'b' })[0]!;
    expect(other.estimate).toBe(first[0]!.estimate);
    expect(other.low).not.toBe(first[0]!.low);
  });
});

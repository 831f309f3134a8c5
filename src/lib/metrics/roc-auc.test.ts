import { describe, expect, it } from 'vitest';
import { rocAuc, rocAucOfSamples } from './roc-auc';

describe('rocAuc', () => {
  it('is 1 for a perfect ranking and 0 for an inverted one', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it('counts ties as one half', () => {
    expect(rocAuc([0.5, 0.5], [true, false])).toBe(0.5);
    // pos {0.3, 0.7}, neg {0.3, 0.1}: pairs (0.3>0.3 tie .5)+(0.3>0.1 1)+(0.7>0.3 1)+(0.7>0.1 1) = 3.5 / 4
    expect(rocAuc([0.3, 0.7, 0.3, 0.1], [true, true, false, false])).toBeCloseTo(0.875, 12);
  });

  it('matches the pairwise definition on random data', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const scores = Array.from({ length: 60 }, () => Math.round(rand() * 10) / 10);
    const labels = scores.map(() => rand() < 0.4);
    let wins = 0;
    let pairs = 0;
    scores.forEach((p, i) => scores.forEach((n, j) => {
      if (!labels[i] || labels[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    }));
    expect(rocAuc(scores, labels)).toBeCloseTo(wins / pairs, 12);
  });

  it('is undefined (NaN) with one class only, and refuses mismatched lengths', () => {
    expect(rocAuc([1, 2], [true, true])).toBeNaN();
    expect(() => rocAuc([1], [true, false])).toThrow(/1 scores for 2 labels/);
  });
});

describe('rocAucOfSamples', () => {
  let seed = 3;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  // Coarse scores, so runs of ties (within and across classes) are common; samples drawn with repeats.
  const scores = Array.from({ length: 300 }, () => Math.round(rand() * 20) / 20);
  const labels = scores.map((s) => rand() < 0.2 + 0.5 * s);
  const draw = (from: readonly number[], size: number) => Array.from({ length: size }, () => from[Math.floor(rand() * from.length)]!);
  const direct = (sample: number[]) => rocAuc(sample.map((i) => scores[i]!), sample.map((i) => labels[i]!));

  it("gives rocAuc's figure bit for bit on resamples with repeats and ties, sample after sample", () => {
    const aucOf = rocAucOfSamples(scores, labels);
    const all = scores.map((_s, i) => i);
    for (let r = 0; r < 200; r++) {
      const sample = draw(all, r % 2 ? 300 : 37);
      expect(aucOf(sample)).toBe(direct(sample));
    }
  });

  it('ranks only the given indexes, and is NaN for a sample of one class', () => {
    const some = scores.map((_s, i) => i).filter((i) => i % 3 === 0);
    const aucOf = rocAucOfSamples(scores, labels, some);
    for (let r = 0; r < 50; r++) {
      const sample = draw(some, 100);
      expect(aucOf(sample)).toBe(direct(sample));
    }
    const positivesOnly = some.filter((i) => labels[i]);
    expect(aucOf(positivesOnly)).toBeNaN();
  });

  it('falls back to sorting when a score is not finite', () => {
    const odd = [0.2, Number.NaN, 0.7, 0.4];
    const truth = [false, true, true, false];
    const sample = [0, 2, 2, 3];
    expect(rocAucOfSamples(odd, truth)(sample)).toBe(rocAuc(sample.map((i) => odd[i]!), sample.map((i) => truth[i]!)));
  });
});

import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../lib/metrics/roc-auc';
import { withinGroupAuc, withinGroupAucInterval, withinGroupAucOfSamples } from './within-group-auc';

describe('withinGroupAuc', () => {
  it('counts only pairs in the same group, ties one half (hand-counted)', () => {
    // Group x: positives 0.9, 0.4; negatives 0.5, 0.4 -> pairs (0.9,0.5)=1, (0.9,0.4)=1, (0.4,0.5)=0, (0.4,0.4)=0.5 -> 2.5 of 4.
    // Group y: positive 0.2, negative 0.1 -> 1 of 1. Group z: positives only -> no pairs.
    const scores = [0.9, 0.4, 0.5, 0.4, 0.2, 0.1, 0.7, 0.3];
    const positives = [true, true, false, false, true, false, true, true];
    const groups = ['x', 'x', 'x', 'x', 'y', 'y', 'z', 'z'];
    expect(withinGroupAuc(scores, positives, groups)).toEqual({ auc: 3.5 / 5, pairs: 5, groups: 2 });
  });

  it('equals the ordinary AUC when there is one group', () => {
    const scores = [0.1, 0.8, 0.35, 0.6, 0.2, 0.9];
    const positives = [false, true, false, true, true, false];
    expect(withinGroupAuc(scores, positives, scores.map(() => 'all')).auc).toBeCloseTo(rocAuc(scores, positives), 12);
  });

  it('is 0.5 for a score that only knows the group, where the overall AUC is high', () => {
    // Expansion 3: mostly poor (negative); expansion 5: mostly good. The score is the expansion grade itself.
    const groups = [3, 3, 3, 3, 3, 5, 5, 5, 5, 5];
    const positives = [true, false, false, false, false, true, true, true, true, false];
    const scores = groups.map((g) => g);
    expect(rocAuc(scores, positives)).toBeCloseTo(0.8, 10);
    const within = withinGroupAuc(scores, positives, groups);
    expect(within.auc).toBe(0.5);
    expect(within.pairs).toBe(4 + 4);
  });

  it('is NaN with no same-group pair, and refuses mismatched lengths', () => {
    expect(withinGroupAuc([0.1, 0.9], [false, true], ['a', 'b'])).toEqual({ auc: Number.NaN, pairs: 0, groups: 0 });
    expect(() => withinGroupAuc([0.1], [true, false], ['a', 'a'])).toThrow(/1 scores, 2 labels/);
  });

  it('gives a seeded bootstrap interval around the estimate, wide at chance and narrow for a clean ranking', () => {
    const n = 60;
    const groups = Array.from({ length: n }, (_x, i) => i % 3);
    const positives = Array.from({ length: n }, (_x, i) => i % 2 === 0);
    const perfect = positives.map((p, i) => (p ? 1 : 0) + groups[i]! * 10);
    const clean = withinGroupAucInterval(perfect, positives, groups, { resamples: 200, seed: 's' });
    expect(clean.auc).toBe(1);
    expect(clean.interval).toMatchObject({ estimate: 1, low: 1, high: 1 });
    const chance = withinGroupAucInterval(groups.map((g) => g), positives, groups, { resamples: 200, seed: 's' });
    expect(chance.interval.low).toBe(0.5);
    expect(chance.interval.high).toBe(0.5);
    expect(withinGroupAucInterval(perfect, positives, groups, { resamples: 200, seed: 's' })).toEqual(clean);
  });
});

describe('withinGroupAucOfSamples', () => {
  it('gives withinGroupAuc of the resampled examples bit for bit, sample after sample (repeats, ties, groups of one class)', () => {
    let seed = 19;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const n = 400;
    const groups = Array.from({ length: n }, () => String(1 + Math.floor(rand() * 5)));
    // Group 5 holds no positive, so it never contributes; coarse scores tie often, within and across groups.
    const positives = groups.map((g) => g !== '5' && rand() < 0.4);
    const scores = positives.map((p, i) => Math.round((rand() + (p ? 0.3 : 0) + Number(groups[i]) / 10) * 10) / 10);
    const ofSample = withinGroupAucOfSamples(scores, positives, groups);
    for (let r = 0; r < 150; r++) {
      const sample = Array.from({ length: r % 3 ? n : 25 }, () => Math.floor(rand() * n));
      const pick = <T>(values: readonly T[]) => sample.map((i) => values[i]!);
      const expected = withinGroupAuc(pick(scores), pick(positives), pick(groups));
      const got = ofSample(sample);
      if (Number.isNaN(expected.auc)) expect(got.auc).toBeNaN();
      else expect(got.auc).toBe(expected.auc);
      expect({ pairs: got.pairs, groups: got.groups }).toEqual({ pairs: expected.pairs, groups: expected.groups });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { headProbabilities, type DenseHead } from './dense-head';
import { featureMeans, headOnSet } from './head-on-set';

// A 2-unit first layer reading gap = features 3..4 of a 5-value vector, then a 2-class output.
const head: DenseHead = {
  layers: [
    { kernel: Float32Array.of(1, -1, 0.5, 2), bias: Float32Array.of(0.1, -0.2), inputs: 2, units: 2, relu: true },
    { kernel: Float32Array.of(1, 0, 0, 1), bias: Float32Array.of(0, 0), inputs: 2, units: 2, relu: false },
  ],
};
const gap = { from: 3, size: 2 };
const all = { from: 0, size: 5 };
const features = [Float32Array.of(1, 2, 3, 0.5, -1), Float32Array.of(-2, 0, 1, 1.5, 0.25)];

describe('headOnSet', () => {
  it('grows a gap head to the whole vector: base rows kept at their place, new rows zero, so it predicts as the base', () => {
    const grown = headOnSet(head, gap, all, () => NaN);
    expect([...grown.layers[0]!.kernel]).toEqual([0, 0, 0, 0, 0, 0, 1, -1, 0.5, 2]);
    expect(grown.layers[0]!.inputs).toBe(5);
    expect(grown.layers[1]).toBe(head.layers[1]);
    const before = headProbabilities(head, features.map((f) => f.subarray(3)));
    headProbabilities(grown, features).forEach((p, i) => p.forEach((v, k) => expect(v).toBeCloseTo(before[i]![k]!, 6)));
  });

  it('shrinks a whole-vector head to gap with the dropped features held at their mean (folded into the bias)', () => {
    const grown = headOnSet(head, gap, all, () => NaN);
    grown.layers[0]!.kernel.set([0.3, -0.4], 0); // feature 0 now matters
    const shrunk = headOnSet(grown, all, gap, featureMeans(features));
    expect([...shrunk.layers[0]!.kernel]).toEqual([1, -1, 0.5, 2]);
    const mean0 = (1 - 2) / 2;
    expect(shrunk.layers[0]!.bias[0]).toBeCloseTo(0.1 + mean0 * 0.3, 6);
    expect(shrunk.layers[0]!.bias[1]).toBeCloseTo(-0.2 + mean0 * -0.4, 6);
    expect(headOnSet(head, gap, { ...gap }, () => NaN)).toBe(head);
  });
});

import { describe, expect, it } from 'vitest';
import { fitPlatt } from './calibrate';
import { scalingOf, standardise, toRawLayer, toStandardisedLayer } from './standardise';
import type { DenseLayer } from './dense-head';

const apply = (layer: DenseLayer, x: Float32Array) =>
  Array.from({ length: layer.units }, (_, u) => x.reduce((s, v, i) => s + v * layer.kernel[i * layer.units + u]!, layer.bias[u]!));

describe('standardisation folded into the first layer', () => {
  const features = [Float32Array.of(1, 10, 5), Float32Array.of(3, 14, 5), Float32Array.of(2, 6, 5)];
  const layer: DenseLayer = { kernel: Float32Array.of(0.5, -1, 2, 0.25, 1, 1), bias: Float32Array.of(0.1, -0.2), inputs: 3, units: 2, relu: false };

  it('gives the same outputs on standardised features as the raw layer on raw ones, and back', () => {
    const scaling = scalingOf(features);
    expect(scaling.scale[2]).toBe(1); // a constant feature is left unscaled
    const z = standardise(features, scaling);
    const standardised = toStandardisedLayer(layer, scaling);
    features.forEach((x, i) => apply(layer, x).forEach((v, u) => expect(apply(standardised, z[i]!)[u]).toBeCloseTo(v, 5)));
    const back = toRawLayer(standardised, scaling);
    back.kernel.forEach((w, i) => expect(w).toBeCloseTo(layer.kernel[i]!, 6));
    back.bias.forEach((b, i) => expect(b).toBeCloseTo(layer.bias[i]!, 6));
  });
});

describe('fitPlatt', () => {
  it('recovers the slope and offset that generated the probabilities', () => {
    const scores = Array.from({ length: 400 }, (_, i) => (i / 399) * 8 - 4);
    // Outcomes drawn deterministically in proportion to sigmoid(2s - 1).
    const targets = scores.map((s, i) => (((i * 0.618034) % 1) < 1 / (1 + Math.exp(-(2 * s - 1))) ? 1 : 0)) as (0 | 1)[];
    const { a, c } = fitPlatt(scores, targets);
    expect(a).toBeGreaterThan(1.5);
    expect(a).toBeLessThan(2.6);
    expect(c).toBeGreaterThan(-1.6);
    expect(c).toBeLessThan(-0.5);
  });
});

import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { DenseHead, DenseLayer } from './dense-head';
import { fitHead, fitWithAutograd, type FitInput } from './fit-head';

// A seeded generator, so the problem (and a failure) is the same on every run.
function generator(seed: number) {
  let s = seed;
  const uniform = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

const layer = (inputs: number, units: number, relu: boolean, normal: () => number): DenseLayer => ({
  kernel: Float32Array.from({ length: inputs * units }, () => normal() * 0.3),
  bias: Float32Array.from({ length: units }, () => normal() * 0.1),
  inputs,
  units,
  relu,
});

const maxDifference = (a: DenseHead, b: DenseHead) =>
  Math.max(...a.layers.flatMap((l, i) => [...l.kernel.map((v, k) => Math.abs(v - b.layers[i]!.kernel[k]!)), ...l.bias.map((v, k) => Math.abs(v - b.layers[i]!.bias[k]!))]));

describe('fitHead (momentum, gradients written out)', () => {
  it("takes the steps tfjs's momentum optimizer takes on the autograd gradients: three layers with relus, a softmax, unequal classes, a pull towards the start", async () => {
    await tf.setBackend('cpu');
    const { normal } = generator(11);
    const n = 90;
    const d = 12;
    // Unequal classes (50/30/10), so the class weights matter; features that carry the class.
    const targets = Array.from({ length: n }, (_, i) => (i < 50 ? 0 : i < 80 ? 1 : 2));
    const features = targets.map((t) => Float32Array.from({ length: d }, (_, j) => normal() + (j % 3 === t ? 1 : 0)));
    const start: DenseHead = { layers: [layer(d, 6, true, normal), layer(6, 4, true, normal), layer(4, 3, false, normal)] };
    const input: FitInput = { features, targets, start };
    const settings = { optimizer: 'momentum' as const, steps: 25, learningRate: 0.05, l2: 0.1 };
    const written = fitHead(input, settings);
    const reference = fitWithAutograd(input, settings);
    expect(maxDifference(written, start)).toBeGreaterThan(0.05); // the fit moved the weights
    expect(maxDifference(written, reference)).toBeLessThan(1e-4);
  });

  it('does the same for one sigmoid unit pulled towards zero (the outcome head)', async () => {
    await tf.setBackend('cpu');
    const { normal } = generator(5);
    const n = 70;
    const d = 9;
    const targets = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const features = targets.map((t) => Float32Array.from({ length: d }, (_, j) => normal() + (j < 3 ? t : 0)));
    const zero: DenseHead = { layers: [{ kernel: new Float32Array(d), bias: new Float32Array(1), inputs: d, units: 1, relu: false }] };
    const input: FitInput = { features, targets, start: zero, anchor: 'zero' };
    const settings = { optimizer: 'momentum' as const, steps: 40, learningRate: 0.05, l2: 0.5 };
    const written = fitHead(input, settings);
    expect(maxDifference(written, zero)).toBeGreaterThan(0.05);
    expect(maxDifference(written, fitWithAutograd(input, settings))).toBeLessThan(1e-4);
  });
});

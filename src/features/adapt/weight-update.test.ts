import { describe, expect, it } from 'vitest';
import { statsOfValues } from './statistics';
import { adaptFoldedConv } from './weight-update';
import { noise } from './testing/folded-graph';

/** A 1x1 convolution as a matrix product: z[p, o] = sum_i x[p, i] W[i, o] + b[o]. */
function conv1x1(x: Float32Array, kernel: Float32Array, bias: Float32Array, inC: number): Float32Array {
  const outC = bias.length;
  const pixels = x.length / inC;
  const z = new Float32Array(pixels * outC);
  for (let p = 0; p < pixels; p++)
    for (let o = 0; o < outC; o++) {
      let sum = bias[o]!;
      for (let i = 0; i < inC; i++) sum += x[p * inC + i]! * kernel[i * outC + o]!;
      z[p * outC + o] = sum;
    }
  return z;
}

describe('adaptFoldedConv', () => {
  const inC = 3;
  const outC = 4;
  const kernel = noise(1, inC * outC);
  const bias = noise(2, outC);
  const source = noise(3, 600 * inC);
  const target = noise(4, 900 * inC).map((v, i) => 0.7 + v * (2 + (i % 3)));

  it('gives the target pre-activations the source per-channel mean and std', () => {
    const src = statsOfValues(conv1x1(source, kernel, bias, inC), outC);
    const tgt = statsOfValues(conv1x1(target, kernel, bias, inC), outC);
    const adapted = adaptFoldedConv(kernel, bias, src, tgt);
    const after = statsOfValues(conv1x1(target, adapted.kernel, adapted.bias, inC), outC);
    for (let c = 0; c < outC; c++) {
      expect(after.mean[c]).toBeCloseTo(src.mean[c]!, 4);
      expect(after.std[c]! / src.std[c]!).toBeCloseTo(1, 4);
    }
    expect(tgt.std[0]! / src.std[0]!).toBeGreaterThan(1.5); // the test is not trivial
  });

  it('leaves weights unchanged when target and source statistics agree, and only shifts a constant channel', () => {
    const stats = statsOfValues(conv1x1(source, kernel, bias, inC), outC);
    const same = adaptFoldedConv(kernel, bias, stats, stats);
    same.kernel.forEach((w, i) => expect(w).toBeCloseTo(kernel[i]!, 6));
    same.bias.forEach((b, i) => expect(b).toBeCloseTo(bias[i]!, 6));
    const flat = { mean: Float64Array.of(1, 1, 1, 1), std: Float64Array.of(0, 1, 1, 1) };
    const guarded = adaptFoldedConv(kernel, bias, stats, flat);
    expect(guarded.scale[0]).toBe(1);
    expect(guarded.bias[0]).toBeCloseTo(bias[0]! - 1 + stats.mean[0]!, 6);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, nodeWasmDir } from '../../inference/headless';
import type { DenseHead } from './dense-head';
import { fitHead, type FitInput } from './fit-head';

const d = 6;
const features = Array.from({ length: 60 }, (_v, i) => Float32Array.from({ length: d }, (_w, j) => Math.sin(i * 0.9 + j * 1.7) + (j === 0 ? (i % 2) * 1.5 : 0)));
const zero: DenseHead = { layers: [{ inputs: d, units: 1, relu: false, kernel: new Float32Array(d), bias: new Float32Array(1) }] };
const input: FitInput = { features, targets: features.map((_f, i) => i % 2), start: zero, anchor: 'zero' };
const settings = { optimizer: 'momentum' as const, steps: 200, learningRate: 0.05, l2: 0.01 };

describe('fitHead stopAtPlateau', () => {
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
  });

  it('stops at the first reading where the loss fell by less than the fraction, with the weights of a fit that many steps long', () => {
    // Readings every 10 steps; the loss falls by more than 1e-9 each time, so only `steps` ends it.
    expect(fitHead(input, { ...settings, stopAtPlateau: { every: 10, below: 1e-9 } })).toEqual(fitHead(input, settings));
    // Any fall under 90 % stops it at the second reading (the first has nothing to compare with): step 20.
    const stopped = fitHead(input, { ...settings, stopAtPlateau: { every: 10, below: 0.9 } });
    expect(stopped).toEqual(fitHead(input, { ...settings, steps: 20 }));
    expect(stopped).not.toEqual(fitHead(input, settings));
  });
});

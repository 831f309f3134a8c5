import { describe, expect, it } from 'vitest';
import { normaliseInput } from './normalise-input';

const image = { width: 2, height: 1, data: new Uint8ClampedArray([0, 51, 102, 255, 153, 204, 255, 9]) };

describe('normaliseInput', () => {
  it('none: raw RGB floats, alpha dropped, NHWC', () => {
    expect(Array.from(normaliseInput(image, 'none'))).toEqual([0, 51, 102, 153, 204, 255]);
  });

  it('samplewise: zero mean, unit population standard deviation', () => {
    const x = normaliseInput(image, 'samplewise');
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    expect(mean).toBeCloseTo(0, 5);
    expect(variance).toBeCloseTo(1, 5);
    // value 0: (0 - 127.5) / population std of [0,51,...,255] (= 87.10)
    expect(x[0]).toBeCloseTo(-127.5 / Math.sqrt(7586.25), 5);
  });

  it('imagenet: /255 then per-channel mean/std', () => {
    const x = normaliseInput(image, 'imagenet');
    expect(x[0]).toBeCloseTo((0 - 0.485) / 0.229, 5);
    expect(x[5]).toBeCloseTo((1 - 0.406) / 0.225, 5);
  });

  it('a flat image stays finite', () => {
    const flat = { width: 1, height: 1, data: new Uint8ClampedArray([5, 5, 5, 255]) };
    expect(Array.from(normaliseInput(flat, 'samplewise'))).toEqual([0, 0, 0]);
  });
});

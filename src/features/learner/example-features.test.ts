import { describe, expect, it } from 'vitest';
import type { LoadedModelPackage } from '../inference/headless';
import { TRUNK_BATCH_IMAGES, trunkBatchImages } from './example-features';

const card = (size: [number, number]) => ({ input: { size, channels: 3 } }) as unknown as LoadedModelPackage['card'];

describe('trunkBatchImages', () => {
  it('batches 2 images of the default 128x128 input, fewer of a larger input, never none', () => {
    expect(trunkBatchImages(card([128, 128]))).toBe(TRUNK_BATCH_IMAGES);
    // 224x224x3 x 4 learning orientations = 0.6 M values an image: 3 fit in 2 Mi values, capped at 2; 320x320 is 1.2 M.
    expect(trunkBatchImages(card([224, 224]))).toBe(2);
    expect(trunkBatchImages(card([320, 320]))).toBe(1);
    expect(trunkBatchImages(card([1024, 1024]))).toBe(1);
    // A runner that prefers more (the CLI's worker threads: 8) gets them where they fit.
    expect(trunkBatchImages(card([128, 128]), 8)).toBe(8);
    expect(trunkBatchImages(card([224, 224]), 8)).toBe(3);
  });
});

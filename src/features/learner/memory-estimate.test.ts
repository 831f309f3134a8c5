import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_LIMIT_BYTES, estimateTrainingBytes, featureSizeFromWeights, memoryRefusal } from './memory-estimate';

const vgg = { featureSize: 512, modelBytes: 59e6, inputSize: [320, 320] as const };

describe('training memory estimate', () => {
  it('lets 140 examples on a VGG16 base through the default ceiling', () => {
    const bytes = estimateTrainingBytes({ ...vgg, examples: 140 });
    expect(bytes).toBeGreaterThan(3 * 59e6);
    expect(bytes).toBeLessThan(DEFAULT_MEMORY_LIMIT_BYTES);
    expect(memoryRefusal({ ...vgg, examples: 140 }, DEFAULT_MEMORY_LIMIT_BYTES)).toBeNull();
  });

  it('refuses with the numbers when above the limit, and grows with the examples', () => {
    expect(estimateTrainingBytes({ ...vgg, examples: 1000 })).toBeGreaterThan(estimateTrainingBytes({ ...vgg, examples: 100 }));
    expect(memoryRefusal({ ...vgg, examples: 140 }, 100 * 1024 ** 2)).toBe(
      "Training would need about 271 MB of memory (140 examples × 512 features, a 57 MB model), above this browser's limit of 100 MB; train on fewer examples or on a smaller base model.",
    );
  });

  it('reads the feature size from the widest convolution', () => {
    expect(featureSizeFromWeights([{ shape: [3, 3, 3, 64] }, { shape: [3, 3, 256, 512] }, { shape: [512, 32] }])).toBe(512);
  });
});

import { describe, expect, it } from 'vitest';
import { adaptationSentence, modelListLabel } from './model-list-label';

const mine = { id: 'lab', version: '1.0.0', architecture: 'vgg16', intendedUse: 'Research use only.', savedAt: '2026-11-29T10:00:00Z', bytes: 10 };

describe('model list label', () => {
  it("names a brought model as the user's", () => {
    expect(modelListLabel(mine)).toBe('lab 1.0.0 (yours)');
  });

  it('names the base, the number of images and the day of an adapted model', () => {
    const adaptation = {
      method: 'adabn-folded' as const,
      baseModel: { id: 'default', version: '0.2.0', hash: 'h' },
      images: 12,
      layers: ['block1_conv1/Relu', 'block1_conv2/Relu'],
      date: '2026-11-29T11:22:33.000Z',
    };
    expect(adaptationSentence(adaptation)).toBe('adapted from default 0.2.0 to 12 unlabelled images, 2026-11-29');
    expect(modelListLabel({ ...mine, id: 'default-adapted-20261129', version: '0.2.0+adapted.2026-11-29', adaptation })).toBe(
      'default-adapted-20261129 0.2.0+adapted.2026-11-29: adapted from default 0.2.0 to 12 unlabelled images, 2026-11-29',
    );
  });
});

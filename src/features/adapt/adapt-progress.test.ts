import { describe, expect, it } from 'vitest';
import { adaptStageText, timeLeftText } from './adapt-progress';

describe('adaptation progress in words', () => {
  it('says which step is running, with its counts', () => {
    expect(adaptStageText({ stage: 'prepare', done: 3, of: 12, layers: 2, fraction: 0.1 })).toBe('Locating the embryo in your images: 3 of 12');
    expect(adaptStageText({ stage: 'phantoms', done: 40, of: 96, layers: 2, fraction: 0.4 })).toMatch(/^Rendering phantoms .*: 40 of 96$/);
    expect(adaptStageText({ stage: 'target', done: 8, of: 12, layer: 2, layers: 2, item: 'block1_conv2/Relu', fraction: 0.98 })).toBe(
      'Adapting layer 2 of 2 (block1_conv2/Relu) to your images: 8 of 12',
    );
  });

  it('estimates the time left from the time so far and the share done', () => {
    expect(timeLeftText(1000, 0.5)).toBeNull(); // too early to say
    expect(timeLeftText(10_000, 0.01)).toBeNull();
    expect(timeLeftText(10_000, 0.5)).toBe('about 10 s left');
    expect(timeLeftText(30_000, 0.25)).toBe('about 1 min 30 s left');
    expect(timeLeftText(60_000, 0.5)).toBe('about 1 min left');
    expect(timeLeftText(119_000, 0.5)).toBe('about 2 min left');
    expect(timeLeftText(60_000, 1)).toBe('finishing');
  });
});

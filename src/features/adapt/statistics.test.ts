import { describe, expect, it } from 'vitest';
import { addBatch, emptyMoments, statsOfValues, toStats } from './statistics';
import { noise } from './testing/folded-graph';

describe('channel statistics', () => {
  it('merging batch summaries gives the statistics of all values at once', () => {
    const channels = 3;
    const values = noise(7, 3 * 1000).map((v, i) => 5 + v * (i % 3) + (i > 1500 ? 2 : 0));
    const whole = statsOfValues(values, channels);
    let acc = emptyMoments(channels);
    for (const [start, end] of [[0, 300], [300, 1500], [1500, 3000]] as const) {
      const part = statsOfValues(values.subarray(start, end), channels);
      acc = addBatch(acc, part.mean, part.std.map((s) => s * s), (end - start) / channels);
    }
    const merged = toStats(acc);
    for (let c = 0; c < channels; c++) {
      expect(merged.mean[c]).toBeCloseTo(whole.mean[c]!, 10);
      expect(merged.std[c]).toBeCloseTo(whole.std[c]!, 10);
    }
    expect(whole.std[0]).toBeCloseTo(statsOfValues(values.filter((_, i) => i % 3 === 0), 1).std[0]!, 10);
  });
});

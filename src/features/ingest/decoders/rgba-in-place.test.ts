// rgba8InPlace gives toRgba8's values, in the buffer it is handed.
import { describe, expect, it } from 'vitest';
import { rgba8InPlace } from './rgba-in-place';
import { toRgba8 } from './to-rgba8';

describe('rgba8InPlace', () => {
  it.each([1, 2, 3, 4])('%i channels: toRgba8\'s pixels, sharing the buffer', (channels) => {
    for (const n of [1, 2, 3, 5, 1001]) {
      const samples = Uint8Array.from({ length: n * channels }, (_, i) => (i * 151 + 7) % 256);
      const buffer = new Uint8Array(n * 4 + 3);
      buffer.set(samples);
      const out = rgba8InPlace(buffer, n, channels);
      expect(Buffer.from(out).equals(Buffer.from(toRgba8(n, 1, samples, channels, 8).data)), `${n} pixels`).toBe(true);
      expect(out.buffer).toBe(buffer.buffer);
    }
  });

  it('refuses a buffer without room for RGBA', () => {
    expect(() => rgba8InPlace(new Uint8Array(11), 3, 3)).toThrow(RangeError);
  });
});

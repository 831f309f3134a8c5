import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageFast } from '../decode-image';
import { isPlainPng8 } from './png-native';

function png(channels: 1 | 3 | 4, depth: 8 | 16 = 8): Uint8Array {
  const data = depth === 8 ? new Uint8Array(6 * 4 * channels).map((_, i) => (i * 37) % 256) : new Uint16Array(6 * 4 * channels).map((_, i) => i * 999);
  return encode({ width: 6, height: 4, data, channels, depth });
}

/** Inserts a chunk (CRC not needed by isPlainPng8) right after IHDR. */
function withChunk(bytes: Uint8Array, type: string): Uint8Array {
  const chunk = new Uint8Array(12 + 4);
  new DataView(chunk.buffer).setUint32(0, 4);
  chunk.set([...type].map((c) => c.charCodeAt(0)), 4);
  const at = 8 + 12 + 13;
  return new Uint8Array([...bytes.subarray(0, at), ...chunk, ...bytes.subarray(at)]);
}

describe('isPlainPng8: only PNGs a native decoder returns unchanged', () => {
  it('accepts 8-bit grey, RGB and RGBA', () => {
    expect([1, 3, 4].map((c) => isPlainPng8(png(c as 1 | 3 | 4)))).toEqual([true, true, true]);
  });

  it('refuses 16-bit, colour-managed and truncated files', () => {
    expect(isPlainPng8(png(3, 16))).toBe(false);
    for (const type of ['gAMA', 'sRGB', 'iCCP', 'cHRM']) expect(isPlainPng8(withChunk(png(3), type)), type).toBe(false);
    const whole = png(3);
    expect(isPlainPng8(whole.subarray(0, whole.length - 12))).toBe(false); // no IEND
    expect(isPlainPng8(whole.subarray(0, 40))).toBe(false);
  });
});

describe('decodeImageFast', () => {
  it('is decodeImage where the realm has no native decoder (Node: the CLI path)', async () => {
    const bytes = png(4);
    expect(await decodeImageFast(bytes)).toEqual(decodeImage(bytes));
  });

  it('keeps decodeImage\'s checks and messages', async () => {
    await expect(decodeImageFast(new Uint8Array(0))).rejects.toThrow(/empty file/);
    await expect(decodeImageFast(new TextEncoder().encode('hello, not an image'))).rejects.toThrow(/not an image/);
  });
});

// Damaged copies of valid files (bytes overwritten, headers first, and cut short at
// random): decoding either succeeds or ends in an IngestError with a sentence of its
// own, never Node's raw error text, and quickly. A fixed seed keeps the run the same.
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage, IngestError } from './index';
import { makeBmp } from '../../lib/testing/image-files';
import { exifOrientation, smallJpeg, withExif } from './testing/hostile-corpus';
import { buildTiff, greyEntries, greyTiff, lzwEncode } from './testing/tiff-builder';

const MUTANTS_PER_FILE = 300;

function random(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function mutant(base: Uint8Array, rnd: () => number): Uint8Array {
  const bytes = rnd() < 0.3 ? base.slice(0, Math.floor(rnd() * base.length)) : base.slice();
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits && bytes.length; i++) {
    const at = Math.floor(rnd() * (rnd() < 0.5 ? Math.min(bytes.length, 200) : bytes.length));
    bytes[at] = rnd() < 0.3 ? 0xff : Math.floor(rnd() * 256);
  }
  return bytes;
}

const greyLzw = lzwEncode(Uint8Array.from({ length: 32 * 24 }, (_, i) => (i * 7) & 0xff));
const valid: Record<string, () => Uint8Array> = {
  'PNG RGB': () => encodePng({ width: 32, height: 24, data: Uint8Array.from({ length: 32 * 24 * 3 }, (_, i) => i & 0xff), channels: 3, depth: 8 }),
  'PNG 16-bit interlaced': () => encodePng({ width: 9, height: 7, data: new Uint16Array(63 * 2).map((_, i) => i * 500), channels: 2, depth: 16 }, { interlace: 'Adam7' }),
  'JPEG with EXIF': () => withExif(smallJpeg(32, 24), exifOrientation(6)),
  'BMP 8-bit': () => makeBmp(20, 10, 8, (x) => [x * 10, 0, 0]),
  'BMP 24-bit': () => makeBmp(20, 10, 24, (x) => [x * 10, 3, 4]),
  'TIFF': () => greyTiff(32, 24, (x, y) => x + y),
  'TIFF LZW': () => buildTiff({ entries: greyEntries(32, 24, greyLzw.length, [], 5), pixels: greyLzw }),
};

describe('decodeImage on damaged copies of valid files', () => {
  it.each(Object.keys(valid))('%s: an image or an IngestError, each within a second', (name) => {
    const base = valid[name]!();
    const rnd = random(name.length * 7919);
    for (let i = 0; i < MUTANTS_PER_FILE; i++) {
      const bytes = mutant(base, rnd);
      const start = performance.now();
      try {
        decodeImage(bytes);
      } catch (error) {
        expect(error, `mutant ${i}: ${String(error)}`).toBeInstanceOf(IngestError);
        expect((error as IngestError).message).not.toMatch(/undefined|NaN|null|Invalid typed array|out of bounds/);
      }
      expect(performance.now() - start, `mutant ${i}`).toBeLessThan(1000);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageFast } from './decode-image';
import { applyOrientation, orientationNote } from './orientation';
import { exifOrientation, smallJpeg, withExif } from './testing/hostile-corpus';
import { concat } from './testing/png-builder';
import { greyTiff } from './testing/tiff-builder';
import jpeg from 'jpeg-js';

/** A 3x2 image whose pixels are the letters a-f (as red values), row by row. */
const letters = { width: 3, height: 2, data: new Uint8ClampedArray([...'abcdef'].flatMap((c) => [c.charCodeAt(0), 0, 0, 255])) };
const read = (img: { width: number; height: number; data: Uint8ClampedArray }) =>
  Array.from({ length: img.height }, (_, y) => Array.from({ length: img.width }, (_, x) => String.fromCharCode(img.data[(y * img.width + x) * 4]!)).join(''));

describe('applyOrientation: the upright image for each EXIF orientation', () => {
  it.each([
    [1, ['abc', 'def']],
    [2, ['cba', 'fed']],
    [3, ['fed', 'cba']],
    [4, ['def', 'abc']],
    [5, ['ad', 'be', 'cf']],
    [6, ['da', 'eb', 'fc']],
    [7, ['fc', 'eb', 'da']],
    [8, ['cf', 'be', 'ad']],
  ])('orientation %i', (orientation, rows) => {
    expect(read(applyOrientation(letters, orientation))).toEqual(rows);
  });

  it('ignores values outside 1-8, and notes only real turns', () => {
    expect(applyOrientation(letters, 9)).toBe(letters);
    expect(orientationNote(1)).toBeNull();
    expect(orientationNote(0)).toBeNull();
    expect(orientationNote(6)).toBe('rotated per EXIF orientation 6 (rotated 90° clockwise)');
  });
});

/** A 16x8 JPEG, left half dark and right half bright. */
function halvesJpeg(): Uint8Array {
  const data = new Uint8Array(16 * 8 * 4);
  for (let i = 0; i < 16 * 8; i++) data.set(i % 16 < 8 ? [20, 20, 20, 255] : [230, 230, 230, 255], i * 4);
  return new Uint8Array(jpeg.encode({ width: 16, height: 8, data }, 95).data);
}
const redAt = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) => img.data[(y * img.width + x) * 4]!;

/** The same orientation tag in a big-endian (Motorola) EXIF block, as many cameras write. */
function bigEndianExif(orientation: number): Uint8Array {
  return concat([
    new Uint8Array([0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1]),
    new Uint8Array([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0]),
    new Uint8Array([0, 0, 0, 0]),
  ]);
}

describe('EXIF orientation in decodeImage', () => {
  it('turns a JPEG with orientation 6 upright: the right half ends at the bottom, and says so', () => {
    const img = decodeImage(withExif(halvesJpeg(), exifOrientation(6)));
    expect([img.width, img.height]).toEqual([8, 16]);
    expect(redAt(img, 4, 2)).toBeLessThan(60);
    expect(redAt(img, 4, 13)).toBeGreaterThan(200);
    expect(img.notes).toContain('rotated per EXIF orientation 6 (rotated 90° clockwise)');
  });

  it('reads big-endian EXIF too; orientation 8 puts the right half on top', () => {
    const img = decodeImage(withExif(halvesJpeg(), bigEndianExif(8)));
    expect([img.width, img.height]).toEqual([8, 16]);
    expect(redAt(img, 4, 2)).toBeGreaterThan(200);
    expect(img.notes[0]).toMatch(/orientation 8/);
  });

  it('leaves a JPEG without EXIF, or with orientation 1, as stored and without a note', () => {
    for (const bytes of [halvesJpeg(), withExif(halvesJpeg(), exifOrientation(1))]) {
      const img = decodeImage(bytes);
      expect([img.width, img.height, img.notes]).toEqual([16, 8, []]);
    }
  });

  it('ignores an EXIF block it cannot read rather than refusing the image', () => {
    const broken = withExif(smallJpeg(), new Uint8Array([0x49, 0x49, 42, 0, 0xff, 0xff, 0xff, 0xff]));
    expect(decodeImage(broken).notes).toEqual([]);
  });

  it('applies the TIFF orientation tag the same way, in decodeImageFast as well', async () => {
    const tiff = greyTiff(4, 2, (x, y) => 10 * x + 100 * y, [{ tag: 274, type: 3, values: [6] }]);
    for (const img of [decodeImage(tiff), await decodeImageFast(tiff)]) {
      expect([img.width, img.height]).toEqual([2, 4]);
      // Rotated clockwise: the stored bottom-left pixel (0, 1) is now the top-left.
      expect([redAt(img, 0, 0), redAt(img, 1, 0), redAt(img, 0, 3)]).toEqual([100, 0, 130]);
      expect(img.notes).toEqual(['rotated per EXIF orientation 6 (rotated 90° clockwise)']);
    }
  });
});

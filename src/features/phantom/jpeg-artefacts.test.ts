import { decode, encode } from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { jpegArtefacts, quantTable } from './jpeg-artefacts';
import { hash2 } from './random';

/** A smooth gradient with a sharp-edged disc and some noise: what JPEG smears. */
function testImage(width: number, height: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const disc = Math.hypot(x - width / 2, y - height / 2) < width / 4 ? -70 : 0;
      const n = 20 * (hash2(x, y, 7) - 0.5);
      const o = (y * width + x) * 4;
      rgba[o] = 150 + disc + n + x / 4;
      rgba[o + 1] = 160 + disc + n;
      rgba[o + 2] = 140 + disc / 2 + n + y / 4;
      rgba[o + 3] = 255;
    }
  return rgba;
}

const meanAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue; // alpha
    s += Math.abs(a[i]! - b[i]!);
    n++;
  }
  return s / n;
};

describe('jpegArtefacts', () => {
  const width = 61; // not a multiple of 8: edge blocks are padded
  const height = 45;
  const image = testImage(width, height);

  it('scales the standard quantisation tables as libjpeg does', () => {
    expect(quantTable([16, 11, 255], 50)).toEqual(Float64Array.from([16, 11, 255]));
    expect(quantTable([16, 11], 100)).toEqual(Float64Array.from([1, 1]));
    expect(quantTable([16, 11], 25)[0]).toBe(32);
  });

  it('changes the pixels about as much as a real JPEG round trip of the same quality', () => {
    for (const quality of [40, 75, 92]) {
      const ours = jpegArtefacts(image, width, height, quality);
      const real = decode(encode({ data: image, width, height }, quality).data, { useTArray: true, formatAsRGBA: true }).data;
      const oursError = meanAbsDiff(ours, image);
      const realError = meanAbsDiff(real, image);
      expect(oursError).toBeGreaterThan(0.5 * realError);
      expect(oursError).toBeLessThan(2 * realError + 1);
      expect(meanAbsDiff(ours, real)).toBeLessThan(realError + 1);
    }
  });

  it('loses more at lower quality; quality 0 leaves the image alone', () => {
    const low = meanAbsDiff(jpegArtefacts(image, width, height, 30), image);
    const high = meanAbsDiff(jpegArtefacts(image, width, height, 95), image);
    expect(low).toBeGreaterThan(1.5 * high);
    expect(jpegArtefacts(image, width, height, 0)).toBe(image);
  });
});

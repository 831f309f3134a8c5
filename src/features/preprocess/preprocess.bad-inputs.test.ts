// Inputs that are not (one) embryo must say so, never fall back to a centre crop.
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../ingest';
import { makeTiff } from '../../lib/testing/image-files';
import { hasSharedData, sharedDataPath } from '../../lib/testing/shared-data';
import type { RgbaImage } from '../../lib/types';
import { loadOpenCv, locateEmbryo, NO_EMBRYO, SECOND_EMBRYO_WARNING, type CV } from '.';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

function filled(width: number, height: number, value: (x: number, y: number) => number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const v = value(x, y);
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  return { width, height, data };
}

describe('bad inputs', () => {
  it('a blank image: no embryo found', () => {
    const result = locateEmbryo(cv, filled(640, 480, () => 128));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(new RegExp(`^${NO_EMBRYO}`));
  });

  it('pure noise: no embryo found', () => {
    const random = seedrandom('noise');
    const result = locateEmbryo(cv, filled(640, 480, () => Math.floor(random() * 256)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(new RegExp(`^${NO_EMBRYO}`));
  });

  it('a 1x1 image: no embryo found, saying it is too small', () => {
    const result = locateEmbryo(cv, filled(1, 1, () => 0));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/too small/);
  });

  describe.skipIf(!hasSharedData)('with real micrographs', () => {
    const source = () => decodeImage(new Uint8Array(readFileSync(sharedDataPath('real/blastscoringnet/fig3_sample2_focus1.jpg'))));

    // Decision: two complete embryos are cropped to the more central one with a
    // second-embryo warning (the user can move the crop), not an error.
    it('two complete embryos side by side: located, with a several-embryos warning', () => {
      const one = source();
      // The embryo disc (radius 185 around the centre) pasted twice on the medium's grey, with sensor-like noise.
      const random = seedrandom('medium');
      const grey = () => one.data[(5 * one.width + 5) * 4] + Math.round((random() - 0.5) * 8);
      const two = filled(1200, 600, (x, y) => {
        const sx = (x % 600) - 50;
        const sy = y - 50;
        return Math.hypot(sx - 250, sy - 250) <= 185 ? one.data[(sy * one.width + sx) * 4] : grey();
      });
      const result = locateEmbryo(cv, two);
      expect(result.ok).toBe(true);
      expect(result.warnings).toContain(SECOND_EMBRYO_WARNING);
    });

    it('a 16-bit TIFF: decoded with a note and located', () => {
      const one = source();
      const tiff = makeTiff(one.width, one.height, 1, 16, (x, y) => one.data[(y * one.width + x) * 4] * 257);
      const decoded = decodeImage(tiff);
      expect(decoded.notes.join(' ')).toMatch(/16/);
      const result = locateEmbryo(cv, decoded);
      expect(result.ok).toBe(true);
      const reference = locateEmbryo(cv, one);
      if (result.ok && reference.ok) expect(Math.abs(result.ellipse.cx - reference.ellipse.cx)).toBeLessThan(3);
    });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type CV } from '../load-opencv';
import { symmetricMorphology } from './symmetric-morphology';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

const SIZE = 40;
/** A seeded random binary mask with blobs and specks. */
function randomMask(seed: number): Uint8Array {
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const mask = new Uint8Array(SIZE * SIZE);
  for (let i = 0; i < mask.length; i++) mask[i] = next() < 0.25 ? 255 : 0;
  return mask;
}
const transpose = (m: Uint8Array) => Uint8Array.from(m, (_, i) => m[(i % SIZE) * SIZE + Math.floor(i / SIZE)]!);
const rotateQuarter = (m: Uint8Array) => Uint8Array.from(m, (_, i) => m[(SIZE - 1 - (i % SIZE)) * SIZE + Math.floor(i / SIZE)]!);

function apply(mask: Uint8Array, op: number, side: number, plain = false, inPlace = false): Uint8Array {
  const src = cv.matFromArray(SIZE, SIZE, cv.CV_8UC1, mask);
  const dst = inPlace ? src : new cv.Mat();
  const kernel = cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(side, side));
  try {
    if (plain) cv.morphologyEx(src, dst, op, kernel);
    else symmetricMorphology(cv, src, dst, op, side);
    return new Uint8Array(dst.data);
  } finally {
    src.delete();
    if (dst !== src) dst.delete();
    kernel.delete();
  }
}

describe('symmetricMorphology', () => {
  it('commutes with a transpose and a quarter turn for dilation, closing and opening (plain OpenCV does not)', () => {
    const mask = randomMask(7);
    for (const op of [cv.MORPH_DILATE, cv.MORPH_CLOSE, cv.MORPH_OPEN]) {
      for (const side of [5, 7]) {
        expect(apply(transpose(mask), op, side), `op ${op} side ${side}`).toEqual(transpose(apply(mask, op, side)));
        expect(apply(rotateQuarter(mask), op, side), `op ${op} side ${side}`).toEqual(rotateQuarter(apply(mask, op, side)));
      }
    }
    expect(apply(transpose(mask), cv.MORPH_DILATE, 5, true)).not.toEqual(transpose(apply(mask, cv.MORPH_DILATE, 5, true)));
  });

  it('gives the same result written in place (dst === src) as into a new matrix', () => {
    // The locator opens its mask in place; opencv.js's Mat.clone() shares pixels, and a
    // shared copy made a clinic image's transposed version open differently (D5_002, 17 px).
    for (const seed of [7, 11, 23]) {
      const mask = randomMask(seed);
      for (const op of [cv.MORPH_DILATE, cv.MORPH_CLOSE, cv.MORPH_OPEN]) {
        expect(apply(mask, op, 5, false, true), `seed ${seed} op ${op}`).toEqual(apply(mask, op, 5));
      }
    }
  });

  it('dilates a single pixel into the 13-pixel disc both kernels share', () => {
    const dot = new Uint8Array(SIZE * SIZE);
    dot[20 * SIZE + 20] = 255;
    const grown = apply(dot, cv.MORPH_DILATE, 5);
    expect(grown.filter((v) => v).length).toBe(13);
  });
});

import { describe, expect, it } from 'vitest';
import type { CropBox, RgbaImage } from '../../../lib/types';
import { borderColour, cropToInput, type InputSpec } from './resize-input';

function gradientImage(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x * 10, y * 10, 7, 0], (y * width + x) * 4);
  return { width, height, data };
}

describe('cropToInput', () => {
  it('takes the per-channel median of the outermost pixel ring as the border colour', () => {
    // The ring of the 8x6 gradient (red x * 10, green y * 10); the median is the lower middle value.
    const image = gradientImage(8, 6);
    const ring: number[][] = [];
    for (let y = 0; y < 6; y++) for (let x = 0; x < 8; x++) if (x === 0 || y === 0 || x === 7 || y === 5) ring.push([x * 10, y * 10, 7]);
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length / 2) - 1];
    expect(Array.from(borderColour(image))).toEqual([0, 1, 2].map((c) => median(ring.map((p) => p[c]))));
  });

  it('is not fooled by an embryo touching one side: the medium on the others sets the colour', () => {
    const data = new Uint8ClampedArray(20 * 20 * 4).fill(200);
    for (let y = 0; y < 20; y++) for (let x = 0; x < 6; x++) data.set([40, 40, 40, 255], (y * 20 + x) * 4);
    expect(Array.from(borderColour({ width: 20, height: 20, data }))).toEqual([200, 200, 200]);
  });

  it('copies pixels 1:1 and sets alpha opaque', () => {
    const out = cropToInput(gradientImage(8, 6), { x: 2, y: 1, size: 3 }, { size: [3, 3], resize: 'bilinear' });
    expect(out.width).toBe(3);
    expect(Array.from(out.data.slice(0, 4))).toEqual([20, 10, 7, 255]);
    expect(Array.from(out.data.slice(32, 36))).toEqual([40, 30, 7, 255]);
  });

  it('pads with the border colour where the square leaves the image (no mirrored copy of the embryo)', () => {
    const image = gradientImage(8, 6);
    const out = cropToInput(image, { x: -2, y: -1, size: 4 }, { size: [4, 4], resize: 'nearest' });
    // Output (0,0) is source (-2,-1): outside, so the border colour; output (2,1) is source (0,0).
    expect(Array.from(out.data.slice(0, 3))).toEqual(Array.from(borderColour(image)));
    expect(Array.from(out.data.slice((1 * 4 + 2) * 4, (1 * 4 + 2) * 4 + 4))).toEqual([0, 0, 7, 255]);
  });

  it('interpolates bilinearly at pixel centres when upscaling', () => {
    const out = cropToInput(gradientImage(8, 6), { x: 0, y: 0, size: 2 }, { size: [4, 4], resize: 'bilinear' });
    // Output x=1 samples source x = (1.5 * 0.5) - 0.5 = 0.25 -> 2.5 -> rounds to 3 (of 0..10).
    expect(out.data[4]).toBe(3);
  });

  it('gives exactly the bytes of the direct per-pixel definition (box pre-filter, border padding, both modes)', () => {
    let state = 7;
    const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const width = 97;
    const height = 61;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(random() * 256);
    const image = { width, height, data };
    const cases: Array<[CropBox, InputSpec]> = [
      [{ x: 3.4, y: -5.2, size: 70.3 }, { size: [9, 9], resize: 'bilinear' }],
      [{ x: -20, y: 10, size: 90 }, { size: [11, 17], resize: 'bilinear' }],
      [{ x: 10.5, y: 7.25, size: 20 }, { size: [32, 32], resize: 'bilinear' }],
      [{ x: 50, y: 30, size: 60 }, { size: [25, 25], resize: 'bilinear' }],
      [{ x: -8, y: -8, size: 120 }, { size: [13, 13], resize: 'nearest' }],
    ];
    for (const [crop, input] of cases) expect(Array.from(cropToInput(image, crop, input).data)).toEqual(Array.from(directCropToInput(image, crop, input).data));
  });
});

/** The definition, pixel by pixel (slow): the reference the optimised cropToInput must match byte for byte. */
function directCropToInput(image: RgbaImage, crop: CropBox, input: InputSpec): RgbaImage {
  const [outHeight, outWidth] = input.size;
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  const scaleX = crop.size / outWidth;
  const scaleY = crop.size / outHeight;
  const boxX = input.resize === 'bilinear' && scaleX > 2 ? Math.floor(scaleX / 2) : 0;
  const boxY = input.resize === 'bilinear' && scaleY > 2 ? Math.floor(scaleY / 2) : 0;
  const fill = borderColour(image);
  // The edge pixel repeats for the filter's support (1 + box radius), the border colour beyond.
  const supportX = boxX + 1;
  const supportY = boxY + 1;
  const clamp = (i: number, n: number) => Math.min(n - 1, Math.max(0, i));
  const sample = (x: number, y: number, c: number) =>
    x >= -supportX && x < width + supportX && y >= -supportY && y < height + supportY ? data[(clamp(y, height) * width + clamp(x, width)) * 4 + c] : fill[c];
  const boxed = (x: number, y: number, c: number) => {
    let sum = 0;
    for (let dy = -boxY; dy <= boxY; dy++) for (let dx = -boxX; dx <= boxX; dx++) sum += sample(x + dx, y + dy, c);
    return sum / ((2 * boxX + 1) * (2 * boxY + 1));
  };
  for (let oy = 0; oy < outHeight; oy++) {
    const sy = crop.y + (oy + 0.5) * scaleY - 0.5;
    for (let ox = 0; ox < outWidth; ox++) {
      const sx = crop.x + (ox + 0.5) * scaleX - 0.5;
      const o = (oy * outWidth + ox) * 4;
      if (input.resize === 'nearest') {
        for (let c = 0; c < 3; c++) out[o + c] = sample(Math.round(sx), Math.round(sy), c);
      } else {
        const x0 = Math.floor(sx);
        const y0 = Math.floor(sy);
        const fx = sx - x0;
        const fy = sy - y0;
        for (let c = 0; c < 3; c++) {
          const top = boxed(x0, y0, c) * (1 - fx) + boxed(x0 + 1, y0, c) * fx;
          const bottom = boxed(x0, y0 + 1, c) * (1 - fx) + boxed(x0 + 1, y0 + 1, c) * fx;
          out[o + c] = Math.round(top * (1 - fy) + bottom * fy);
        }
      }
      out[o + 3] = 255;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

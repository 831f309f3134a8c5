import { describe, expect, it } from 'vitest';
import { cropToInput, reflect } from './resize-input';

function gradientImage(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) data.set([x * 10, y * 10, 7, 0], (y * width + x) * 4);
  return { width, height, data };
}

describe('cropToInput', () => {
  it('mirrors indices without repeating the edge', () => {
    expect([-3, -2, -1, 0, 1, 4, 5, 6, 7].map((i) => reflect(i, 5))).toEqual([3, 2, 1, 0, 1, 4, 3, 2, 1]);
  });

  it('copies pixels 1:1 and sets alpha opaque', () => {
    const out = cropToInput(gradientImage(8, 6), { x: 2, y: 1, size: 3 }, { size: [3, 3], resize: 'bilinear' });
    expect(out.width).toBe(3);
    expect(Array.from(out.data.slice(0, 4))).toEqual([20, 10, 7, 255]);
    expect(Array.from(out.data.slice(32, 36))).toEqual([40, 30, 7, 255]);
  });

  it('reflect-pads where the square leaves the image', () => {
    const out = cropToInput(gradientImage(8, 6), { x: -2, y: -1, size: 4 }, { size: [4, 4], resize: 'nearest' });
    // Output (0,0) is source (-2,-1) -> mirrored to (2,1).
    expect(Array.from(out.data.slice(0, 3))).toEqual([20, 10, 7]);
  });

  it('interpolates bilinearly at pixel centres when upscaling', () => {
    const out = cropToInput(gradientImage(8, 6), { x: 0, y: 0, size: 2 }, { size: [4, 4], resize: 'bilinear' });
    // Output x=1 samples source x = (1.5 * 0.5) - 0.5 = 0.25 -> 2.5 -> rounds to 3 (of 0..10).
    expect(out.data[4]).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { findContentRect } from './remove-frame';

function scene(width: number, height: number, pixel: (x: number, y: number) => number) {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = pixel(x, y);
  return { width, height, data };
}
// Textured content (deterministic pseudo-noise) so its rows are not uniform.
const texture = (x: number, y: number) => 120 + ((x * 7919 + y * 104729) % 31);

describe('findContentRect', () => {
  it('strips black borders of different widths on each side', () => {
    const image = scene(200, 150, (x, y) => (x < 3 || x >= 193 || y < 9 || y >= 148 ? 4 : texture(x, y)));
    expect(findContentRect(image)).toEqual({ x0: 3, y0: 9, x1: 193, y1: 148 });
  });

  it('strips a flat grey canvas around a pasted picture', () => {
    const image = scene(120, 120, (x, y) => (x >= 20 && x < 100 && y >= 10 && y < 110 ? texture(x, y) : 135));
    expect(findContentRect(image)).toEqual({ x0: 20, y0: 10, x1: 100, y1: 110 });
  });

  it('keeps a frameless image whole', () => {
    const image = scene(90, 60, texture);
    expect(findContentRect(image)).toEqual({ x0: 0, y0: 0, x1: 90, y1: 60 });
  });
});

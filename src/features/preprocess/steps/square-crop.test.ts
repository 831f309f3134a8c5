import { describe, expect, it } from 'vitest';
import { squareCrop } from './square-crop';

describe('squareCrop', () => {
  it('centres a square of major axis x (1 + margin) on the ellipse', () => {
    expect(squareCrop({ cx: 100, cy: 80, rx: 40, ry: 50, angleDeg: 30 }, 0.1)).toEqual({ x: 45, y: 25, size: 110 });
  });
  it('rejects a negative margin', () => {
    expect(() => squareCrop({ cx: 0, cy: 0, rx: 1, ry: 1, angleDeg: 0 }, -1)).toThrow(/margin/);
  });
});

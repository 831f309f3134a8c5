import { describe, expect, it } from 'vitest';
import { exactGradientMagnitude, integerGaussian } from './exact-gradient';
import type { GrayImage } from './types';

const W = 37;
const H = 29;
/** Seeded random texture with a bright disc (faint texture plus a strong edge). */
function texture(seed: number): GrayImage {
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = Math.round(100 + 4 * next() + ((x - 17) ** 2 + (y - 13) ** 2 < 80 ? 60 : 0));
  return { width: W, height: H, data };
}
/** For a transpose, a quarter turn and a mirror of a width x height raster: new size and, per new pixel, the old pixel's index. */
const maps: [string, (w: number, h: number) => { width: number; height: number; source: (i: number) => number }][] = [
  ['transpose', (w, h) => ({ width: h, height: w, source: (i) => (i % h) * w + Math.floor(i / h) })],
  ['quarter turn', (w, h) => ({ width: h, height: w, source: (i) => (h - 1 - (i % h)) * w + Math.floor(i / h) })],
  ['mirror', (w, h) => ({ width: w, height: h, source: (i) => Math.floor(i / w) * w + (w - 1 - (i % w)) })],
];
const full = (g: GrayImage) => ({ x0: 0, y0: 0, x1: g.width, y1: g.height });

describe('exactGradientMagnitude', () => {
  it('commutes bit for bit with a transpose, a quarter turn and a mirror', () => {
    const image = texture(11);
    const magnitude = exactGradientMagnitude(image, full(image));
    for (const [name, map] of maps) {
      const { width, height, source } = map(W, H);
      const turned: GrayImage = { width, height, data: Uint8Array.from({ length: W * H }, (_, i) => image.data[source(i)]!) };
      const expected = Array.from({ length: W * H }, (_, i) => magnitude.data[source(i)]!);
      expect(Array.from(exactGradientMagnitude(turned, full(turned)).data), name).toEqual(expected);
    }
  });

  it('measures a staircase of 1-grey steps as the ramp it blurs into (no rounding to whole steps)', () => {
    // A ramp of 1 grey level every 4 px: the blurred image is a ramp of 0.25 / px, Sobel gain 8 -> 2.
    const ramp: GrayImage = { width: 40, height: 20, data: Uint8Array.from({ length: 800 }, (_, i) => 50 + Math.floor((i % 40) / 4)) };
    const magnitude = exactGradientMagnitude(ramp, full(ramp));
    const inner: number[] = [];
    for (let y = 5; y < 15; y++) for (let x = 8; x < 32; x++) inner.push(magnitude.data[y * 40 + x]!);
    const mean = inner.reduce((s, v) => s + v, 0) / inner.length;
    expect(mean).toBeCloseTo(2, 1);
    // Between the grey steps the exact blur still rises, so the gradient never drops to 0 there.
    expect(Math.min(...inner)).toBeGreaterThan(1);
  });

  it('gives no gradient within 3 px of the content rectangle', () => {
    const image = texture(5);
    const magnitude = exactGradientMagnitude(image, { x0: 4, y0: 2, x1: 30, y1: 25 });
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (x < 7 || x >= 27 || y < 5 || y >= 22) expect(magnitude.data[y * W + x]).toBe(0);
  });

  it('uses symmetric integer weights', () => {
    const weights = integerGaussian(1);
    expect(weights).toHaveLength(5);
    expect(weights).toEqual([...weights].reverse());
    expect(weights.every(Number.isInteger)).toBe(true);
  });
});

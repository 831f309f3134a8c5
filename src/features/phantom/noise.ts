// Smooth value noise for cytoplasm granularity: hash values on a lattice,
// bilinearly interpolated with a smoothstep fade. Integer hashing makes it
// identical on every engine and independent of the drawing order.
import { hash2 } from './random';

export function valueNoise(x: number, y: number, cell: number, seed: number): number {
  const fx = x / cell;
  const fy = y / cell;
  const ix = Math.floor(fx);
  const iy = Math.floor(fy);
  let tx = fx - ix;
  let ty = fy - iy;
  tx = tx * tx * (3 - 2 * tx);
  ty = ty * ty * (3 - 2 * ty);
  const a = hash2(ix, iy, seed);
  const b = hash2(ix + 1, iy, seed);
  const c = hash2(ix, iy + 1, seed);
  const d = hash2(ix + 1, iy + 1, seed);
  return a + (b - a) * tx + (c - a) * ty + (a - b - c + d) * tx * ty;
}

/** Zero-mean, unit-variance bell-shaped hash noise (sum of two uniforms: triangular). */
export function gaussianHash(x: number, y: number, seed: number): number {
  return (hash2(x, y, seed) + hash2(x, y, seed ^ 0x5bd1e995) - 1) * 2.449;
}

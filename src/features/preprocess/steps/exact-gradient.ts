// The gradient magnitude the outer-edge walk reads (refine-boundary.ts): Gaussian blur and
// Sobel 3x3 as in gradientMagnitude (edge-mask.ts), but without rounding the blurred image
// to 8 bits. That rounding turns faint zona texture into whole grey steps, so the gradient
// there takes a few discrete values (4, 4.47, 5.10, ...) and a JPEG re-encode (+-1 grey)
// moves a pixel from one to the next: the walk's background level and the end of the
// texture jumped with it (docs/localisation.md).
// Integer weights and sums keep it exact, so the result commutes bit for bit with quarter
// turns and mirrors (a floating-point blur does not: the order of its sums changes with
// the orientation, and a clinic image moved 1.9 px between orientations because of it).
import { FRAME_GUARD } from './edge-mask';
import type { FloatImage, GrayImage, Rect } from './types';

/** Gaussian weights are integers summing to about this. */
const WEIGHT_SCALE = 4096;

/** Integer Gaussian weights for taps -r..r (r = ceil(2 sigma), OpenCV's kernel side for this sigma). */
export function integerGaussian(sigma: number): number[] {
  const r = Math.ceil(2 * sigma);
  const raw = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => Math.round((v / sum) * WEIGHT_SCALE));
}

/** Reflect an index into [0, n) as OpenCV's BORDER_REFLECT (fedcba|abcdef|fedcba). */
function reflect(i: number, n: number): number {
  for (;;) {
    if (i < 0) i = -i - 1;
    else if (i >= n) i = 2 * n - i - 1;
    else return i;
  }
}

export function exactGradientMagnitude(gray: GrayImage, content: Rect, sigma = 1.0): FloatImage {
  const { width, height, data } = gray;
  const weights = integerGaussian(sigma);
  const r = (weights.length - 1) >> 1;
  const norm = weights.reduce((s, v) => s + v, 0) ** 2;
  // Separable blur in integers (exact: the largest sum, 255 * 4096^2, is far below 2^53).
  const rows = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let d = -r; d <= r; d++) sum += weights[d + r] * data[y * width + reflect(x + d, width)];
      rows[y * width + x] = sum;
    }
  }
  const blurred = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let d = -r; d <= r; d++) sum += weights[d + r] * rows[reflect(y + d, height) * width + x];
      blurred[y * width + x] = sum;
    }
  }
  const out = new Float32Array(width * height);
  const x0 = content.x0 + FRAME_GUARD;
  const x1 = content.x1 - FRAME_GUARD;
  const y0 = content.y0 + FRAME_GUARD;
  const y1 = content.y1 - FRAME_GUARD;
  for (let y = 0; y < height; y++) {
    if (y < y0 || y >= y1) continue;
    const up = reflect(y - 1, height) * width;
    const mid = y * width;
    const down = reflect(y + 1, height) * width;
    for (let x = 0; x < width; x++) {
      if (x < x0 || x >= x1) continue;
      const left = reflect(x - 1, width);
      const right = reflect(x + 1, width);
      const gx = blurred[up + right] - blurred[up + left] + 2 * (blurred[mid + right] - blurred[mid + left]) + blurred[down + right] - blurred[down + left];
      const gy = blurred[down + left] - blurred[up + left] + 2 * (blurred[down + x] - blurred[up + x]) + blurred[down + right] - blurred[up + right];
      out[mid + x] = Math.sqrt(gx * gx + gy * gy) / norm;
    }
  }
  return { width, height, data: out };
}

// Step 5: cut the crop square out of the original image and resize it to the
// model's input. Pure JS so Node and every browser produce the same bytes:
// where the square leaves the image the pixels are mirrored (reflection without
// repeating the edge pixel, OpenCV's BORDER_REFLECT_101), alpha is set to 255
// (3 colour channels are used), and the resampling is either nearest neighbour or
// bilinear with pixel-centre alignment (align_corners = false, like cv.resize
// INTER_LINEAR and tf.image.resize(method="bilinear")). Bilinear downscaling
// first averages the source over a box (area pre-filter) when shrinking by more
// than 2x, so small input sizes do not alias.
import type { CropBox, RgbaImage } from '../../../lib/types';

export interface InputSpec {
  /** [height, width] of the model input. */
  size: [number, number];
  resize: 'bilinear' | 'nearest';
}

export function cropToInput(image: RgbaImage, crop: CropBox, input: InputSpec): RgbaImage {
  const [outHeight, outWidth] = input.size;
  if (!(Number.isInteger(outHeight) && Number.isInteger(outWidth) && outHeight > 0 && outWidth > 0)) {
    throw new Error(`model input size must be positive integers, got [${input.size.join(', ')}]`);
  }
  if (!(crop.size > 0)) throw new Error(`crop size must be positive, got ${crop.size}`);
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  const scaleX = crop.size / outWidth;
  const scaleY = crop.size / outHeight;
  const sourceX = (ox: number) => crop.x + (ox + 0.5) * scaleX - 0.5;
  const sourceY = (oy: number) => crop.y + (oy + 0.5) * scaleY - 0.5;
  if (input.resize === 'nearest') {
    const columns = Int32Array.from({ length: outWidth }, (_, ox) => reflect(Math.round(sourceX(ox)), image.width) * 4);
    for (let oy = 0; oy < outHeight; oy++) {
      const row = reflect(Math.round(sourceY(oy)), image.height) * image.width * 4;
      for (let ox = 0; ox < outWidth; ox++) {
        const i = row + columns[ox];
        const o = (oy * outWidth + ox) * 4;
        out[o] = image.data[i];
        out[o + 1] = image.data[i + 1];
        out[o + 2] = image.data[i + 2];
        out[o + 3] = 255;
      }
    }
    return { width: outWidth, height: outHeight, data: out };
  }
  // Box pre-filter radius (in source pixels) when shrinking a lot.
  const boxX = scaleX > 2 ? Math.floor(scaleX / 2) : 0;
  const boxY = scaleY > 2 ? Math.floor(scaleY / 2) : 0;
  const x0s = Int32Array.from({ length: outWidth }, (_, ox) => Math.floor(sourceX(ox)));
  const y0s = Int32Array.from({ length: outHeight }, (_, oy) => Math.floor(sourceY(oy)));
  const top = y0s[0] - boxY;
  const sums = boxColumnSums(image, x0s, top, y0s[outHeight - 1] + 1 + boxY, boxX);
  const stride = outWidth * 6;
  const count = (2 * boxX + 1) * (2 * boxY + 1);
  // Mean of the box around source (x0s[ox] + dx, y) for channel c: a difference of the vertical running sums.
  const boxed = (k: number, y: number) => (sums[(y - top + boxY + 1) * stride + k] - sums[(y - top - boxY) * stride + k]) / count;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = y0s[oy];
    const fy = sourceY(oy) - y0;
    for (let ox = 0; ox < outWidth; ox++) {
      const fx = sourceX(ox) - x0s[ox];
      const o = (oy * outWidth + ox) * 4;
      for (let c = 0; c < 3; c++) {
        const k = ox * 6 + c;
        const upper = boxed(k, y0) * (1 - fx) + boxed(k + 3, y0) * fx;
        const lower = boxed(k, y0 + 1) * (1 - fx) + boxed(k + 3, y0 + 1) * fx;
        out[o + c] = Math.round(upper * (1 - fy) + lower * fy);
      }
      out[o + 3] = 255;
    }
  }
  return { width: outWidth, height: outHeight, data: out };
}

/**
 * Integer box sums, exact like adding the reflect-padded box up pixel by pixel but
 * at a cost independent of the box size: for the source columns x0s[ox] and
 * x0s[ox] + 1 (entry ox * 6 + dx * 3 + channel), the horizontal sum over
 * [x - boxX, x + boxX], accumulated down the rows top..bottom (row r + 1 of the
 * result holds the sum over rows top..top + r; row 0 is zero).
 */
function boxColumnSums(image: RgbaImage, x0s: Int32Array, top: number, bottom: number, boxX: number): Float64Array {
  const { width, height, data } = image;
  const left = x0s[0] - boxX;
  const span = x0s[x0s.length - 1] + 1 + boxX - left + 1;
  const columns = Int32Array.from({ length: span }, (_, i) => reflect(left + i, width) * 4);
  const stride = x0s.length * 6;
  const rows = bottom - top + 1;
  const sums = new Float64Array((rows + 1) * stride); // integers, exact up to 2^53
  // running[(i + 1) * 3 + c] = sum of the row's first i + 1 window pixels
  const running = new Int32Array((span + 1) * 3);
  for (let r = 0; r < rows; r++) {
    const row = reflect(top + r, height) * width * 4;
    for (let i = 0; i < span; i++) {
      const s = row + columns[i];
      const t = (i + 1) * 3;
      running[t] = running[t - 3] + data[s];
      running[t + 1] = running[t - 2] + data[s + 1];
      running[t + 2] = running[t - 1] + data[s + 2];
    }
    const above = r * stride;
    const here = (r + 1) * stride;
    for (let ox = 0; ox < x0s.length; ox++) {
      for (let dx = 0; dx < 2; dx++) {
        const x = x0s[ox] + dx - left;
        const hi = (x + boxX + 1) * 3;
        const lo = (x - boxX) * 3;
        const k = ox * 6 + dx * 3;
        for (let c = 0; c < 3; c++) sums[here + k + c] = sums[above + k + c] + running[hi + c] - running[lo + c];
      }
    }
  }
  return sums;
}

/** Mirrors an index into [0, n) without repeating the edge (…2 1 | 0 1 2 … n-1 | n-2 …). */
export function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - m;
}

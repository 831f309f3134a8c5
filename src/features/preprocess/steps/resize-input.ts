// Step 5: cut the crop square out of the original image and resize it to the
// model's input. Pure JS so Node and every browser produce the same bytes:
// where the square leaves the image it is filled with the image's border colour
// (per-channel median of the outermost pixel ring; the edge pixel itself is
// repeated for the width of the resampling filter), alpha is set to 255
// (3 colour channels are used), and the resampling is either nearest neighbour or
// bilinear with pixel-centre alignment (align_corners = false, like cv.resize
// INTER_LINEAR and tf.image.resize(method="bilinear")). Bilinear downscaling
// first averages the source over a box (area pre-filter) when shrinking by more
// than 2x, so small input sizes do not alias.
//
// Why a flat border colour: clinics crop tightly, so the square often leaves the
// image. Mirroring there (the former choice) copies the embryo into the margin and
// shows the model a second, ghost embryo fused to the first; replicating the edge
// pixels smears the cut zona and cells into long streaks. What lies beyond the
// frame is unknown, most often medium: the median of the border ring is the
// medium's colour when the embryo is cut on only some sides, and it adds no
// structure that is not there, only the straight edge where the picture ends.
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
  const fill = borderColour(image);
  const scaleX = crop.size / outWidth;
  const scaleY = crop.size / outHeight;
  const sourceX = (ox: number) => crop.x + (ox + 0.5) * scaleX - 0.5;
  const sourceY = (oy: number) => crop.y + (oy + 0.5) * scaleY - 0.5;
  if (input.resize === 'nearest') {
    const columns = Int32Array.from({ length: outWidth }, (_, ox) => offsetOrOutside(Math.round(sourceX(ox)), image.width, 4, 1));
    for (let oy = 0; oy < outHeight; oy++) {
      const row = offsetOrOutside(Math.round(sourceY(oy)), image.height, image.width * 4, 1);
      for (let ox = 0; ox < outWidth; ox++) {
        const o = (oy * outWidth + ox) * 4;
        if (row < 0 || columns[ox] < 0) out.set(fill, o);
        else {
          const i = row + columns[ox];
          out[o] = image.data[i];
          out[o + 1] = image.data[i + 1];
          out[o + 2] = image.data[i + 2];
        }
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
  const sums = boxColumnSums(image, fill, x0s, top, y0s[outHeight - 1] + 1 + boxY, boxX, boxY);
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
 * Integer box sums, exact like adding the padded box up pixel by pixel but at a
 * cost independent of the box size: for the source columns x0s[ox] and
 * x0s[ox] + 1 (entry ox * 6 + dx * 3 + channel), the horizontal sum over
 * [x - boxX, x + boxX], accumulated down the rows top..bottom (row r + 1 of the
 * result holds the sum over rows top..top + r; row 0 is zero). Pixels past the
 * image count as `fill` (beyond the filter's support, see offsetOrOutside).
 */
function boxColumnSums(image: RgbaImage, fill: Uint8Array, x0s: Int32Array, top: number, bottom: number, boxX: number, boxY: number): Float64Array {
  const { width, height, data } = image;
  const left = x0s[0] - boxX;
  const span = x0s[x0s.length - 1] + 1 + boxX - left + 1;
  const columns = Int32Array.from({ length: span }, (_, i) => offsetOrOutside(left + i, width, 4, boxX + 1));
  const stride = x0s.length * 6;
  const rows = bottom - top + 1;
  const sums = new Float64Array((rows + 1) * stride); // integers, exact up to 2^53
  // running[(i + 1) * 3 + c] = sum of the row's first i + 1 window pixels
  const running = new Int32Array((span + 1) * 3);
  for (let r = 0; r < rows; r++) {
    const row = offsetOrOutside(top + r, height, width * 4, boxY + 1);
    for (let i = 0; i < span; i++) {
      const t = (i + 1) * 3;
      const inside = row >= 0 && columns[i] >= 0;
      const s = row + columns[i];
      running[t] = running[t - 3] + (inside ? data[s] : fill[0]);
      running[t + 1] = running[t - 2] + (inside ? data[s + 1] : fill[1]);
      running[t + 2] = running[t - 1] + (inside ? data[s + 2] : fill[2]);
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

/**
 * The offset (index x unit) of source index i, or -1 where the fill colour stands in.
 * Within `support` pixels past the edge the edge pixel is repeated, so the
 * interpolation and box filter of a crop that lies inside the image never blend in the fill.
 */
function offsetOrOutside(i: number, n: number, unit: number, support: number): number {
  if (i < -support || i >= n + support) return -1;
  return Math.min(n - 1, Math.max(0, i)) * unit;
}

/** Per-channel median of the image's outermost pixel ring: the colour the crop is padded with. */
export function borderColour(image: RgbaImage): Uint8Array {
  const { width, height, data } = image;
  const histograms = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let n = 0;
  const add = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    for (let c = 0; c < 3; c++) histograms[c][data[i + c]]++;
    n++;
  };
  for (let x = 0; x < width; x++) {
    add(x, 0);
    if (height > 1) add(x, height - 1);
  }
  for (let y = 1; y < height - 1; y++) {
    add(0, y);
    if (width > 1) add(width - 1, y);
  }
  return Uint8Array.from(histograms, (histogram) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) if ((seen += histogram[v]) * 2 >= n) return v;
    return 255;
  });
}

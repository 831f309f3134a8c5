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
  const { width, height, data } = image;
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  const scaleX = crop.size / outWidth;
  const scaleY = crop.size / outHeight;
  // Box pre-filter radius (in source pixels) when shrinking a lot.
  const boxX = input.resize === 'bilinear' && scaleX > 2 ? Math.floor(scaleX / 2) : 0;
  const boxY = input.resize === 'bilinear' && scaleY > 2 ? Math.floor(scaleY / 2) : 0;
  const sample = (x: number, y: number, channel: number) => data[(reflect(y, height) * width + reflect(x, width)) * 4 + channel];
  const boxed = (x: number, y: number, channel: number) => {
    if (boxX === 0 && boxY === 0) return sample(x, y, channel);
    let sum = 0;
    for (let dy = -boxY; dy <= boxY; dy++) for (let dx = -boxX; dx <= boxX; dx++) sum += sample(x + dx, y + dy, channel);
    return sum / ((2 * boxX + 1) * (2 * boxY + 1));
  };
  for (let oy = 0; oy < outHeight; oy++) {
    const sy = crop.y + (oy + 0.5) * scaleY - 0.5;
    for (let ox = 0; ox < outWidth; ox++) {
      const sx = crop.x + (ox + 0.5) * scaleX - 0.5;
      const o = (oy * outWidth + ox) * 4;
      if (input.resize === 'nearest') {
        const nx = Math.round(sx);
        const ny = Math.round(sy);
        for (let c = 0; c < 3; c++) out[o + c] = sample(nx, ny, c);
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

/** Mirrors an index into [0, n) without repeating the edge (…2 1 | 0 1 2 … n-1 | n-2 …). */
export function reflect(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  let m = i % period;
  if (m < 0) m += period;
  return m < n ? m : period - m;
}

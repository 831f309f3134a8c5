import type { RgbaImage } from '../../../lib/types';

/**
 * Converts 1-4 channel samples of 8 or 16 bits to opaque 8-bit RGBA.
 * Alpha is dropped: micrographs carry none, and a stray zero alpha must never
 * hide the embryo. 16-bit samples are stretched over the image's own range,
 * because microscope cameras fill 10-14 of the 16 bits.
 */
export function toRgba8(
  width: number,
  height: number,
  samples: ArrayLike<number>,
  channels: number,
  depth: number,
): RgbaImage & { notes: string[] } {
  const colour = channels >= 3 ? 3 : 1;
  const n = width * height;
  let lo = 0;
  let hi = 255;
  if (depth === 16) {
    lo = Infinity; hi = -Infinity;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < colour; c++) {
        const v = samples[i * channels + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (hi <= lo) hi = lo + 1;
  }
  const scale = 255 / (hi - lo);
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const v = samples[i * channels + (colour === 3 ? c : 0)];
      out[i * 4 + c] = depth === 16 ? Math.round((v - lo) * scale) : v;
    }
    out[i * 4 + 3] = 255;
  }
  const notes = depth === 16 ? [`16-bit image: scaled to 8 bits over its own intensity range ${lo}..${hi}`] : [];
  return { width, height, data: out, notes };
}

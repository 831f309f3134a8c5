// EXIF orientation (TIFF tag 274, also in JPEG APP1): how the stored pixels must be
// turned to stand as the camera held them. Applied once after decoding, so display,
// cropping and grading all see the upright image; the original file is not touched.
import type { RgbaImage } from '../../lib/types';

const DESCRIPTIONS: Record<number, string> = {
  2: 'mirrored left-right',
  3: 'rotated 180°',
  4: 'mirrored top-bottom',
  5: 'mirrored along the diagonal',
  6: 'rotated 90° clockwise',
  7: 'mirrored along the anti-diagonal',
  8: 'rotated 90° counter-clockwise',
};

/** The note shown to the user, or null for orientation 1 (or an invalid value, ignored). */
export function orientationNote(orientation: number): string | null {
  const description = DESCRIPTIONS[orientation];
  return description ? `rotated per EXIF orientation ${orientation} (${description})` : null;
}

/**
 * For an EXIF orientation 2-8 of a w x h stored image: the stored pixel (x, y) that the
 * upright image shows at (dx, dy). Pixel centres sit at integers, so it maps points
 * (an outline's centre found in the upright image) as well as pixels.
 */
export function orientationSource(orientation: number, w: number, h: number): (dx: number, dy: number) => [number, number] {
  const maps: Record<number, (dx: number, dy: number) => [number, number]> = {
    2: (dx, dy) => [w - 1 - dx, dy],
    3: (dx, dy) => [w - 1 - dx, h - 1 - dy],
    4: (dx, dy) => [dx, h - 1 - dy],
    5: (dx, dy) => [dy, dx],
    6: (dx, dy) => [dy, h - 1 - dx],
    7: (dx, dy) => [w - 1 - dy, h - 1 - dx],
    8: (dx, dy) => [w - 1 - dy, dx],
  };
  return maps[orientation] ?? ((dx, dy) => [dx, dy]);
}

/** The upright image for an EXIF orientation 1-8; other values return the image unchanged. */
export function applyOrientation(image: RgbaImage, orientation: number): RgbaImage {
  if (!DESCRIPTIONS[orientation]) return image;
  const { width: w, height: h, data } = image;
  const swaps = orientation >= 5;
  const outW = swaps ? h : w;
  const outH = swaps ? w : h;
  const source = orientationSource(orientation, w, h);
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const pixels = new Uint32Array(aligned.buffer, aligned.byteOffset, w * h);
  const out = new Uint8ClampedArray(outW * outH * 4);
  const outPixels = new Uint32Array(out.buffer);
  for (let dy = 0; dy < outH; dy++) {
    for (let dx = 0; dx < outW; dx++) {
      const [sx, sy] = source(dx, dy);
      outPixels[dy * outW + dx] = pixels[sy * w + sx]!;
    }
  }
  return { width: outW, height: outH, data: out };
}

// Step 3a: edge mask, as in the seed method: grey -> Sobel gradient magnitude ->
// automatic threshold (Otsu) -> dilation -> hole filling. The magnitude is kept:
// the boundary refinement reads it again.
import type { CV } from '../load-opencv';
import { symmetricMorphology } from './symmetric-morphology';
import type { FloatImage, GrayImage, Rect } from './types';
import { reachableFromBorder } from '../../../lib/image/reachable-from-border';

/** Pixels this close to the frame (or image edge) get no gradient: the frame step is not an edge of the scene. */
export const FRAME_GUARD = 3;

export interface EdgeMask {
  magnitude: FloatImage;
  /** Binary (0/255) filled edge regions. */
  mask: GrayImage;
  /** The Otsu threshold, in magnitude units. */
  threshold: number;
}

/** `sigma`: the Gaussian pre-blur (working pixels); larger for very noisy images. */
export function gradientMagnitude(cv: CV, gray: GrayImage, content: Rect, sigma = 1.0): FloatImage {
  const src = cv.matFromArray(gray.height, gray.width, cv.CV_8UC1, gray.data);
  const blurred = new cv.Mat();
  const gx = new cv.Mat();
  const gy = new cv.Mat();
  const magnitude = new cv.Mat();
  try {
    const side = 2 * Math.ceil(2 * sigma) + 1;
    cv.GaussianBlur(src, blurred, new cv.Size(side, side), sigma, sigma, cv.BORDER_REFLECT);
    cv.Sobel(blurred, gx, cv.CV_32F, 1, 0, 3, 1, 0, cv.BORDER_REFLECT);
    cv.Sobel(blurred, gy, cv.CV_32F, 0, 1, 3, 1, 0, cv.BORDER_REFLECT);
    cv.magnitude(gx, gy, magnitude);
    const data = new Float32Array(magnitude.data32F);
    const { width, height } = gray;
    const x0 = content.x0 + FRAME_GUARD;
    const x1 = content.x1 - FRAME_GUARD;
    const y0 = content.y0 + FRAME_GUARD;
    const y1 = content.y1 - FRAME_GUARD;
    for (let y = 0; y < height; y++) {
      const inRow = y >= y0 && y < y1;
      for (let x = 0; x < width; x++) if (!inRow || x < x0 || x >= x1) data[y * width + x] = 0;
    }
    return { width, height, data };
  } finally {
    src.delete();
    blurred.delete();
    gx.delete();
    gy.delete();
    magnitude.delete();
  }
}

export function edgeMask(cv: CV, magnitude: FloatImage): EdgeMask {
  const { width, height } = magnitude;
  // Scale to 8 bits with the 99.5th percentile at 255 so Otsu sees the full range.
  const top = Math.max(1e-6, percentile(magnitude.data, 0.995));
  const bytes = new Uint8Array(width * height);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.min(255, Math.round((magnitude.data[i] / top) * 255));
  const src = cv.matFromArray(height, width, cv.CV_8UC1, bytes);
  const binary = new cv.Mat();
  const dilated = new cv.Mat();
  try {
    const otsu = cv.threshold(src, binary, 0, 255, cv.THRESH_BINARY | cv.THRESH_OTSU);
    symmetricMorphology(cv, binary, dilated, cv.MORPH_DILATE, 5);
    const mask = fillHoles({ width, height, data: new Uint8Array(dilated.data) });
    return { magnitude, mask, threshold: (otsu / 255) * top };
  } finally {
    src.delete();
    binary.delete();
    dilated.delete();
  }
}

/** Fills every background region not connected to the image border (imfill 'holes'). */
export function fillHoles(mask: GrayImage): GrayImage {
  const { width, height, data } = mask;
  const outside = reachableFromBorder(data, width, height);
  const filled = new Uint8Array(width * height);
  for (let i = 0; i < filled.length; i++) filled[i] = outside[i] ? 0 : 255;
  return { width, height, data: filled };
}

/** q-quantile of the values (approximate, via a 1024-bin histogram). */
export function percentile(values: Float32Array, q: number): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === 0) return 0;
  const bins = 1024;
  const histogram = new Uint32Array(bins);
  for (let i = 0; i < values.length; i++) histogram[Math.min(bins - 1, Math.floor((values[i] / max) * bins))]++;
  const target = q * values.length;
  let seen = 0;
  for (let b = 0; b < bins; b++) {
    seen += histogram[b];
    if (seen >= target) return ((b + 0.5) / bins) * max;
  }
  return max;
}

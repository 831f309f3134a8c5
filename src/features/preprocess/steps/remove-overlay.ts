// Step 2: overlay removal. Scale bars, their text and annotation marks are drawn
// in saturated colours (the PCRM bar is pure green) or in pure white/black. They
// would create strong straight edges, so they are found in the full-resolution
// colours, mapped onto the working grid, and filled from the pixels around them in
// the working grey image.
import type { RgbaImage } from '../../../lib/types';
import type { CV } from '../load-opencv';
import { symmetricMorphology } from './symmetric-morphology';
import type { GrayImage, Rect } from './types';

/** max(R,G,B) - min(R,G,B) at or above this is an overlay colour; stained/tinted micrographs stay far below. */
const SATURATED_CHROMA = 140;
/** Pure white / black only count as overlay when they are rare (else it is exposure, not a mark). */
const PURE_WHITE = 250;
const PURE_BLACK = 5;
const MAX_PURE_FRACTION = 0.02;

/**
 * Marks overlay pixels on a working grid `scale` times the original size.
 * Only pixels inside `content` (original pixels) are considered: the frame is handled apart.
 */
export function findOverlayMask(image: RgbaImage, scale: number, workWidth: number, workHeight: number, content: Rect): GrayImage {
  const coloured = new Uint8Array(workWidth * workHeight);
  const pure = new Uint8Array(workWidth * workHeight);
  let pureCount = 0;
  const { data, width } = image;
  for (let y = content.y0; y < content.y1; y++) {
    const wy = Math.min(workHeight - 1, Math.floor(y * scale)) * workWidth;
    for (let x = content.x0; x < content.x1; x++) {
      const i = (y * width + x) * 4;
      const r = data[i];
      const g = data[i + 1];
      const b = data[i + 2];
      const hi = Math.max(r, g, b);
      const lo = Math.min(r, g, b);
      const w = wy + Math.min(workWidth - 1, Math.floor(x * scale));
      if (hi - lo >= SATURATED_CHROMA) coloured[w] = 255;
      else if (lo >= PURE_WHITE || hi <= PURE_BLACK) {
        pure[w] = 255;
        pureCount++;
      }
    }
  }
  const contentArea = Math.max(1, (content.x1 - content.x0) * (content.y1 - content.y0));
  if (pureCount / contentArea <= MAX_PURE_FRACTION) for (let i = 0; i < pure.length; i++) coloured[i] |= pure[i];
  return { width: workWidth, height: workHeight, data: coloured };
}

/**
 * Each masked pixel, grown over anti-aliased glyph edges, takes the Gaussian-weighted mean of
 * the unmasked pixels around it, at the narrowest of these widths (working px) where they carry
 * at least MIN_SUPPORT of the weight: specks fill from their rim, a scale bar from both sides.
 */
const FILL_SIGMAS = [1.5, 3, 6, 12, 24, 48];
const MIN_SUPPORT = 0.2;

/**
 * Fills the masked pixels of `gray` (8-bit, working size) in place; returns the masked fraction.
 * A normalised convolution rather than cv.inpaint (Telea): Telea's fast march visits pixels in an
 * order that turns with the image, so a quarter-turned or mirrored micrograph was filled
 * differently (up to 18 grey levels at 123 pixels of a clinic image) and could be located
 * differently. Gaussian weights have no up or down.
 */
export function inpaintOverlay(cv: CV, gray: GrayImage, overlay: GrayImage): number {
  let count = 0;
  for (let i = 0; i < overlay.data.length; i++) if (overlay.data[i]) count++;
  if (count === 0) return 0;
  const { width, height } = gray;
  const mask = cv.matFromArray(height, width, cv.CV_8UC1, overlay.data);
  const grown = new cv.Mat();
  const values = new cv.Mat(height, width, cv.CV_32FC1);
  const weights = new cv.Mat(height, width, cv.CV_32FC1);
  const blurredValues = new cv.Mat();
  const blurredWeights = new cv.Mat();
  try {
    // Anti-aliased glyph edges blend with the background: grow the mask over them.
    symmetricMorphology(cv, mask, grown, cv.MORPH_DILATE, 5);
    let pending: number[] = [];
    for (let i = 0; i < width * height; i++) {
      const masked = grown.data[i] !== 0;
      values.data32F[i] = masked ? 0 : gray.data[i];
      weights.data32F[i] = masked ? 0 : 1;
      if (masked) pending.push(i);
    }
    for (const sigma of FILL_SIGMAS) {
      if (pending.length === 0) break;
      cv.GaussianBlur(values, blurredValues, new cv.Size(0, 0), sigma, sigma, cv.BORDER_REFLECT);
      cv.GaussianBlur(weights, blurredWeights, new cv.Size(0, 0), sigma, sigma, cv.BORDER_REFLECT);
      const last = sigma === FILL_SIGMAS[FILL_SIGMAS.length - 1];
      pending = pending.filter((i) => {
        const support = blurredWeights.data32F[i];
        if (support < (last ? 1e-6 : MIN_SUPPORT)) return true;
        gray.data[i] = Math.round(blurredValues.data32F[i] / support);
        return false;
      });
    }
  } finally {
    mask.delete();
    grown.delete();
    values.delete();
    weights.delete();
    blurredValues.delete();
    blurredWeights.delete();
  }
  return count / overlay.data.length;
}

// Step 2: overlay removal. Scale bars, their text and annotation marks are drawn
// in saturated colours (the PCRM bar is pure green) or in pure white/black. They
// would create strong straight edges, so they are found in the full-resolution
// colours, mapped onto the working grid, and inpainted (cv.inpaint, Telea) in the
// working grey image.
import type { RgbaImage } from '../../../lib/types';
import type { CV } from '../load-opencv';
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

/** Inpaints the masked pixels of `gray` (8-bit, working size) in place; returns the masked fraction. */
export function inpaintOverlay(cv: CV, gray: GrayImage, overlay: GrayImage): number {
  let count = 0;
  for (let i = 0; i < overlay.data.length; i++) if (overlay.data[i]) count++;
  if (count === 0) return 0;
  const src = cv.matFromArray(gray.height, gray.width, cv.CV_8UC1, gray.data);
  const mask = cv.matFromArray(overlay.height, overlay.width, cv.CV_8UC1, overlay.data);
  const grown = new cv.Mat();
  const kernel = cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(5, 5));
  const out = new cv.Mat();
  try {
    // Anti-aliased glyph edges blend with the background: grow the mask over them.
    cv.dilate(mask, grown, kernel);
    cv.inpaint(src, grown, out, 3, cv.INPAINT_TELEA);
    gray.data.set(out.data);
  } finally {
    src.delete();
    mask.delete();
    grown.delete();
    kernel.delete();
    out.delete();
  }
  return count / overlay.data.length;
}

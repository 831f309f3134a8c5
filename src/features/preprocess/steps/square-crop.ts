// Step 4b: the crop square: centred on the ellipse, side = major axis x (1 + margin),
// in original pixels. It may extend past the image; cropToInput reflect-pads there.
import type { CropBox, Ellipse } from '../../../lib/types';

/**
 * Default margin. The seed authors' MATLAB crops (mask dilated by 20% of its radius,
 * then the bounding square) measure 1.14x and 1.20x our fitted major axis on their
 * two published examples (pcrm-lockhart test1/test2); 0.15 sits between them.
 */
export const DEFAULT_MARGIN = 0.15;

export function squareCrop(ellipse: Ellipse, margin = DEFAULT_MARGIN): CropBox {
  if (!(margin >= 0) || !Number.isFinite(margin)) throw new Error(`crop margin must be a number >= 0, got ${margin}`);
  const major = 2 * Math.max(ellipse.rx, ellipse.ry);
  const size = Math.max(1, Math.round(major * (1 + margin)));
  return { x: Math.round(ellipse.cx - size / 2), y: Math.round(ellipse.cy - size / 2), size };
}

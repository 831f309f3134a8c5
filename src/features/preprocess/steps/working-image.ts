// The detection steps run on a grey copy no larger than WORKING_MAX_SIDE: the
// embryo outline needs ~1 px in 300, not the full sensor resolution, and this keeps
// a 2048x1536 image as fast as a 720x480 one. Results are mapped back to original pixels.
import type { RgbaImage } from '../../../lib/types';
import type { CV } from '../load-opencv';
import type { GrayImage } from './types';

export const WORKING_MAX_SIDE = 512;

export interface WorkingImage {
  gray: GrayImage;
  /** working pixels per original pixel (<= 1). */
  scale: number;
}

export function toWorkingGray(cv: CV, image: RgbaImage, maxSide = WORKING_MAX_SIDE): WorkingImage {
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const rgba = new cv.Mat(image.height, image.width, cv.CV_8UC4);
  const gray = new cv.Mat();
  const small = new cv.Mat();
  try {
    rgba.data.set(image.data);
    cv.cvtColor(rgba, gray, cv.COLOR_RGBA2GRAY);
    if (scale < 1) cv.resize(gray, small, new cv.Size(width, height), 0, 0, cv.INTER_AREA);
    else gray.copyTo(small);
    return { gray: { width, height, data: new Uint8Array(small.data) }, scale: width / image.width };
  } finally {
    rgba.delete();
    gray.delete();
    small.delete();
  }
}

// Grad-CAM for a stored crop: the app keeps crops as PNG (lossless), decoded with the
// app's own decoder so the heatmap explains exactly the pixels that were graded.
import type { HeadName } from '../../lib/types';
import { decodeImage } from '../ingest';
import type { Grader } from './grader';
import type { GradCamResult } from './grad-cam';

export async function gradCamForCrop(grader: Grader, cropPng: Blob, head: HeadName): Promise<GradCamResult> {
  const decoded = decodeImage(new Uint8Array(await cropPng.arrayBuffer()));
  const [h, w] = grader.card.input.size;
  if (decoded.width !== w || decoded.height !== h) {
    throw new Error(`the stored crop is ${decoded.width}x${decoded.height}; model "${grader.card.id}" needs ${w}x${h} (regrade to refresh it)`);
  }
  return grader.gradCam({ width: decoded.width, height: decoded.height, data: decoded.data }, head);
}

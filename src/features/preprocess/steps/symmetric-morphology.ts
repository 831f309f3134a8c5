// Morphology with no up or down. OpenCV's MORPH_ELLIPSE kernel is not symmetric under a
// quarter turn: its 5x5 has a full middle row and column but single pixels at top and bottom
// (rows 00100 / 11111 x3 / 00100), so a dilation or closing grew a mask more sideways than up
// and down, and a quarter-turned image got a different edge mask (1,220 px of 65,536 on a
// clinic image), a different hull and a different crop. A round kernel of its own would be
// symmetric but is either smaller (13 px) or larger (21 px) than OpenCV's 17, and each moved
// crops on the real test sets; running OpenCV's kernel and its transpose and combining the
// two results stays closest to what the locator was tuned with.
import type { CV } from '../load-opencv';

/**
 * `op` (cv.MORPH_DILATE / MORPH_CLOSE / MORPH_OPEN) with OpenCV's elliptic side x side kernel,
 * made symmetric: run with the kernel and with its transpose, and keep the pixels both
 * agree on (dilation, closing) or either keeps (opening). The result has no up or down and
 * stays as close as possible to the plain operation.
 */
export function symmetricMorphology(cv: CV, src: InstanceType<CV['Mat']>, dst: InstanceType<CV['Mat']>, op: number, side: number): void {
  const kernel = cv.getStructuringElement(cv.MORPH_ELLIPSE, new cv.Size(side, side));
  const transposed = new cv.Mat();
  const other = new cv.Mat();
  // A real copy: this opencv.js build's Mat.clone() shares the pixels, so with dst === src
  // the second pass would read the first pass's output (a transposed image then opened differently).
  const input = new cv.Mat();
  src.copyTo(input);
  try {
    cv.transpose(kernel, transposed);
    cv.morphologyEx(input, dst, op, kernel);
    cv.morphologyEx(input, other, op, transposed);
    if (op === cv.MORPH_OPEN) cv.bitwise_or(dst, other, dst);
    else cv.bitwise_and(dst, other, dst);
  } finally {
    kernel.delete();
    transposed.delete();
    other.delete();
    input.delete();
  }
}

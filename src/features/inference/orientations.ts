// An embryo has no up or down: a micrograph turned a quarter or mirrored shows the same
// embryo and must get the same grades. A network learns only part of that symmetry (on the
// clinic set, one quarter turn changed 0.2.0's expansion call for 19 % of the images and moved
// an embryo up to 58 places in the ranking), so the grader averages its probabilities over
// the orientations of the crop: the result is the same whichever way the camera was turned.
import * as tf from '@tensorflow/tfjs';

/**
 * Which orientations: 'grading' (what a grade averages over: all 8 of a square image, the 4 that
 * keep a non-square one's shape) or 'learning' (what a learning feature is the mean of: a square
 * image's 4 quarter turns, a non-square one's 4; half the trunk's work per image, and measured to
 * cost no figure: docs/learning.md "Orientations for learning").
 */
export type OrientationSet = 'grading' | 'learning';

/**
 * A [1, h, w, c] image -> [n, h, w, c]: the 8 orientations of a square image (the identity,
 * the 3 turns, and each of those mirrored) or the 4 of a non-square one (identity, both mirrors,
 * half turn), the identity first. 'learning' gives a square image's 4 turns (identity, half turn,
 * the two quarter turns: the 1st, 4th, 6th and 7th of the 8, in that order) and a non-square
 * image's 4 as for grading. Made inside the caller's tidy or disposed by the caller.
 */
export function orientationBatch(image: tf.Tensor4D, set: OrientationSet = 'grading'): tf.Tensor4D {
  const [, h, w] = image.shape;
  const flips = (x: tf.Tensor4D) => [x, tf.reverse(x, 2), tf.reverse(x, 1), tf.reverse(x, [1, 2])];
  if (h !== w) return tf.concat(flips(image), 0);
  // A transpose composed with the four flips gives the remaining four elements of the square's
  // symmetry group; mirrored rows or columns of the transpose are the quarter turns.
  const transposed = tf.transpose(image, [0, 2, 1, 3]);
  const views = set === 'learning' ? [image, tf.reverse(image, [1, 2]), tf.reverse(transposed, 2), tf.reverse(transposed, 1)] : [...flips(image), ...flips(transposed)];
  return tf.concat(views, 0);
}

/** How many orientations orientationBatch gives for an input of this size (a grade averages over the 'grading' ones). */
export function orientationCount([h, w]: readonly number[], set: OrientationSet = 'grading'): number {
  return h === w && set === 'grading' ? 8 : 4;
}

/** One normalised HWC image of `size` -> its orientations as separate images, in orientationBatch's order. */
export function orientationViews(normalised: Float32Array, size: readonly [number, number] | readonly number[]): Float32Array[] {
  const [h, w] = size as [number, number];
  const batch = tf.tidy(() => orientationBatch(tf.tensor4d(normalised, [1, h, w, 3])));
  try {
    const flat = batch.dataSync() as Float32Array;
    return Array.from({ length: batch.shape[0] }, (_, i) => flat.slice(i * h * w * 3, (i + 1) * h * w * 3));
  } finally {
    batch.dispose();
  }
}

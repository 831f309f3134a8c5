// An embryo has no up or down: a micrograph turned a quarter or mirrored shows the same
// embryo and must get the same grades. A network learns only part of that symmetry (on the
// clinic set, one quarter turn changed 0.2.0's expansion call for 19 % of the images and moved
// an embryo up to 58 places in the ranking), so the grader averages its probabilities over
// the orientations of the crop: the result is the same whichever way the camera was turned.
import * as tf from '@tensorflow/tfjs';

/**
 * A [1, h, w, c] image -> [n, h, w, c]: the 8 orientations of a square image (the identity,
 * the 3 turns, and each of those mirrored) or the 4 of a non-square one (identity, both mirrors,
 * half turn), the identity first. Made inside the caller's tidy or disposed by the caller.
 */
export function orientationBatch(image: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = image.shape;
  const flips = (x: tf.Tensor4D) => [x, tf.reverse(x, 2), tf.reverse(x, 1), tf.reverse(x, [1, 2])];
  // A transpose composed with the four flips gives the remaining four elements of the square's symmetry group.
  const views = h === w ? [...flips(image), ...flips(tf.transpose(image, [0, 2, 1, 3]))] : flips(image);
  return tf.concat(views, 0);
}

/** How many orientations a grade averages for an input of this size. */
export function orientationCount([h, w]: readonly number[]): number {
  return h === w ? 8 : 4;
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

// a @ b whose gradient is taken with plain (untransposed) matrix products. tfjs's own gradient
// of matMul multiplies with transposeA / transposeB, which the WASM backend runs on a slow path:
// for a head's first layer on 880 examples (x^T @ dz, [128 x 880] @ [880 x 32]) 11 ms against
// 0.6 ms for the same product with x transposed first (measured in Node, 2 shared cores), and
// those products were most of a head fit's time. Transposing the operand first (a copy, cheap
// beside the product) keeps every product on the fast path. The value is tf.matMul's; the
// gradient is the same sum taken in another order, so fitted weights may differ in the last
// bits from tfjs's own gradient.
import * as tf from '@tensorflow/tfjs';

export const matMulFastGrad = tf.customGrad((a, b, save) => {
  (save as tf.GradSaveFunc)([a as tf.Tensor2D, b as tf.Tensor2D]);
  return {
    value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradFunc: (dy, saved) => {
      const [x, w] = saved as tf.Tensor2D[];
      return [tf.matMul(dy as tf.Tensor2D, tf.transpose(w!)), tf.matMul(tf.transpose(x!), dy as tf.Tensor2D)];
    },
  };
}) as (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D;

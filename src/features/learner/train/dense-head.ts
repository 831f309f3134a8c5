// A dense head as plain arrays (what is stored and compared) and its forward pass in tfjs.
import * as tf from '@tensorflow/tfjs';
import { matMulFastGrad } from './matmul-fast-grad';

export interface DenseLayer {
  /** [inputs, units], row-major as tfjs stores a MatMul kernel. */
  kernel: Float32Array;
  bias: Float32Array;
  inputs: number;
  units: number;
  relu: boolean;
}

export interface DenseHead {
  layers: DenseLayer[];
}

/** Features (one row per example) as a [n, d] tensor; the caller disposes it. */
export function featureMatrix(features: readonly Float32Array[]): tf.Tensor2D {
  const d = features[0]?.length ?? 0;
  const flat = new Float32Array(features.length * d);
  features.forEach((f, i) => flat.set(f, i * d));
  return tf.tensor2d(flat, [features.length, d]);
}

/** Logits of the head on x [n, inputs], with the layer weights given as tensors (variables while training). */
export function forward(x: tf.Tensor2D, weights: readonly { kernel: tf.Tensor; bias: tf.Tensor; relu: boolean }[]): tf.Tensor2D {
  let h = x;
  for (const layer of weights) {
    // tf.matMul's value; its gradient (when fitting) on the backend's fast path.
    const z = tf.add(matMulFastGrad(h, layer.kernel as tf.Tensor2D), layer.bias) as tf.Tensor2D;
    h = layer.relu ? tf.relu(z) : z;
  }
  return h;
}

/** Per example: softmax probabilities (several units) or the sigmoid probability (one unit). */
export function headProbabilities(head: DenseHead, features: readonly Float32Array[]): Float32Array[] {
  if (features.length === 0) return [];
  const units = head.layers[head.layers.length - 1]!.units;
  const values = tf.tidy(() => {
    const weights = head.layers.map((l) => ({ kernel: tf.tensor2d(l.kernel, [l.inputs, l.units]), bias: tf.tensor1d(l.bias), relu: l.relu }));
    const logits = forward(featureMatrix(features), weights);
    return (units === 1 ? tf.sigmoid(logits) : tf.softmax(logits)).dataSync() as Float32Array;
  });
  return features.map((_f, i) => values.slice(i * units, (i + 1) * units));
}

export function cloneHead(head: DenseHead): DenseHead {
  return { layers: head.layers.map((l) => ({ ...l, kernel: Float32Array.from(l.kernel), bias: Float32Array.from(l.bias) })) };
}

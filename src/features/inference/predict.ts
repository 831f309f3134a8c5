// Runs the graph on one normalised image -> per-head predictions.
import * as tf from '@tensorflow/tfjs';
import type { HeadPrediction } from '../../lib/types';
import { DEFAULT_THRESHOLDS, toHeadPrediction, type ConfidenceThresholds } from './confidence';
import type { ModelCard } from './model-card';

export { DEFAULT_THRESHOLDS, toHeadPrediction, type ConfidenceThresholds };

/** Normalised HWC pixels -> a [1, h, w, 3] tensor (the caller disposes it). */
export function inputTensor(card: ModelCard, normalized: Float32Array): tf.Tensor4D {
  const [h, w] = card.input.size;
  if (normalized.length !== h * w * 3) {
    throw new Error(`input has ${normalized.length} values; the model needs ${h}x${w}x3 = ${h * w * 3}`);
  }
  return tf.tensor4d(normalized, [1, h, w, 3], 'float32');
}

/** Runs the graph on one normalised image; every tensor it makes is disposed. */
export async function predictHeads(
  model: tf.GraphModel,
  card: ModelCard,
  normalized: Float32Array,
  thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS,
): Promise<HeadPrediction[]> {
  const x = inputTensor(card, normalized);
  let outputs: tf.Tensor[] = [];
  try {
    const result = model.execute({ [model.inputs[0]!.name]: x }, card.heads.map((h) => h.output));
    outputs = Array.isArray(result) ? result : [result];
    const values = await Promise.all(outputs.map((t) => t.data()));
    return card.heads.map((head, i) => toHeadPrediction(head, values[i] as Float32Array, thresholds));
  } finally {
    x.dispose();
    tf.dispose(outputs);
  }
}

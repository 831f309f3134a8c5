// Runs the graph on one normalised image -> per-head predictions (and the lab outcome
// probability when the card has an outcome output).
import * as tf from '@tensorflow/tfjs';
import type { HeadPrediction, OutcomePrediction } from '../../lib/types';
import { DEFAULT_THRESHOLDS, toHeadPrediction, type ConfidenceThresholds } from './confidence';
import type { ModelCard, ModelCardOutcome } from './model-card';
import { orientationBatch } from './orientations';

export { DEFAULT_THRESHOLDS, toHeadPrediction, type ConfidenceThresholds };

export interface GradedOutputs {
  heads: HeadPrediction[];
  /** Only when the card has an outcome output. */
  outcome?: OutcomePrediction;
}

/** Normalised HWC pixels -> a [1, h, w, 3] tensor (the caller disposes it). */
export function inputTensor(card: ModelCard, normalised: Float32Array): tf.Tensor4D {
  const [h, w] = card.input.size;
  if (normalised.length !== h * w * 3) {
    throw new Error(`input has ${normalised.length} values; the model needs ${h}x${w}x3 = ${h * w * 3}`);
  }
  return tf.tensor4d(normalised, [1, h, w, 3], 'float32');
}

/** The graph nodes one grading asks for: every head's output in card order, then the outcome's. */
export function gradingOutputs(card: ModelCard): string[] {
  return [...card.heads.map((h) => h.output), ...(card.outcome ? [card.outcome.output] : [])];
}

/** The outcome output's values for one image -> its probability, refused unless one value in [0, 1]. */
export function toOutcomePrediction(outcome: ModelCardOutcome, values: ArrayLike<number>): OutcomePrediction {
  const probability = values[0];
  if (values.length !== 1 || probability === undefined || !(probability >= 0 && probability <= 1)) {
    const shown = Array.from(values).slice(0, 3).join(', ');
    throw new Error(`outcome output "${outcome.output}" must be one probability in [0, 1] (a sigmoid); the model gave [${shown}${values.length > 3 ? ', …' : ''}]`);
  }
  return { probability, positiveLabel: outcome.positiveLabel };
}

/**
 * Runs the graph on one normalised image in all its orientations (orientations.ts) and
 * averages each output's probabilities over them; each head also records how many of the
 * views call, on their own, what the average calls. Every tensor it makes is disposed.
 */
export async function predictGrades(
  model: tf.GraphModel,
  card: ModelCard,
  normalised: Float32Array,
  thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS,
): Promise<GradedOutputs> {
  const x = inputTensor(card, normalised);
  let outputs: tf.Tensor[] = [];
  try {
    outputs = tf.tidy(() => {
      const result = model.execute({ [model.inputs[0]!.name]: orientationBatch(x) }, gradingOutputs(card));
      const perView = Array.isArray(result) ? result : [result];
      // The means first (what every grade is), then each head's per-view rows for its agreement.
      return [...perView.map((t) => t.mean(0)), ...perView.slice(0, card.heads.length)];
    });
    const values = await Promise.all(outputs.map((t) => t.data()));
    const views = values.slice(gradingOutputs(card).length);
    const heads = card.heads.map((head, i) => toHeadPrediction(head, values[i] as Float32Array, thresholds, views[i] as Float32Array));
    if (!card.outcome) return { heads };
    return { heads, outcome: toOutcomePrediction(card.outcome, values[card.heads.length] as Float32Array) };
  } finally {
    x.dispose();
    tf.dispose(outputs);
  }
}

// Grad-CAM (Selvaraju et al. 2017) for one head: where the last conv features drove
// the chosen class. The graph exposes the features node; feeding it runs only the
// small tail (pool, heads), so the gradient is cheap to take in tfjs.
import * as tf from '@tensorflow/tfjs';
import type { HeadName } from '../../lib/types';
import type { ModelCard } from './model-card';
import { inputTensor } from './predict';

export interface GradCamOptions {
  /** Class to explain (index in the card's order); default: the predicted class. */
  classIndex?: number;
  /** Heatmap size [h, w]; default: the model input size (the crop). */
  size?: [number, number];
}

export interface GradCamResult {
  head: HeadName;
  classIndex: number;
  className: string;
  width: number;
  height: number;
  /** Row-major, non-negative, scaled so the maximum is 1 (all zeros when nothing is positive). */
  heatmap: Float32Array;
}

/**
 * Grad-CAM from a features tensor [1, h, w, c]: channel weights are the spatial means
 * of d(logit of the class)/d(features); the map is ReLU(sum_c w_c * A_c).
 */
export function gradCamFromFeatures(
  model: tf.GraphModel,
  featureNode: string,
  logitsNode: string,
  features: tf.Tensor4D,
  classIndex: number,
  size: [number, number],
): tf.Tensor2D {
  return tf.tidy(() => {
    const score = (f: tf.Tensor) => {
      const logits = model.execute({ [featureNode]: f }, logitsNode) as tf.Tensor2D;
      return logits.slice([0, classIndex], [1, 1]).sum();
    };
    const grads = tf.grad(score)(features) as tf.Tensor4D;
    const weights = grads.mean([1, 2], true); // [1, 1, 1, c]
    const cam = tf.relu(features.mul(weights).sum(3, true)) as tf.Tensor4D; // [1, h, w, 1]
    const up = tf.image.resizeBilinear(cam, size, false, true);
    // Scaled to a maximum of 1; an all-zero map stays zero (0 / epsilon).
    return up.div(up.max().maximum(1e-12)).reshape(size) as tf.Tensor2D;
  });
}

/** Grad-CAM for one head of one normalised image; disposes everything it creates. */
export async function gradCam(
  model: tf.GraphModel,
  card: ModelCard,
  normalised: Float32Array,
  headName: HeadName,
  options: GradCamOptions = {},
): Promise<GradCamResult> {
  const head = card.heads.find((h) => h.name === headName);
  if (!head) throw new Error(`the model has no head "${headName}"`);
  if (!card.featureNode || !head.logits) throw new Error(`the model card names no features/logits nodes: no heatmap for "${headName}"`);
  const size = options.size ?? card.input.size;
  const x = inputTensor(card, normalised);
  const [features, probs] = model.execute({ [model.inputs[0]!.name]: x }, [card.featureNode, head.output]) as [tf.Tensor4D, tf.Tensor2D];
  try {
    const classIndex = options.classIndex ?? (await argmaxOf(probs));
    if (classIndex < 0 || classIndex >= head.classes.length) throw new Error(`class index ${classIndex} out of range for "${headName}"`);
    const map = gradCamFromFeatures(model, card.featureNode, head.logits, features, classIndex, size);
    const heatmap = (await map.data()) as Float32Array;
    map.dispose();
    return { head: head.name, classIndex, className: head.classes[classIndex]!, width: size[1], height: size[0], heatmap };
  } finally {
    tf.dispose([x, features, probs]);
  }
}

async function argmaxOf(probs: tf.Tensor2D): Promise<number> {
  const index = probs.argMax(1);
  try {
    return (await index.data())[0]!;
  } finally {
    index.dispose();
  }
}

// Fits a dense head with tfjs: gradient descent with momentum on the full batch (a lab has tens to hundreds of examples,
// so mini-batches would only add noise), class-weighted cross-entropy so a rare class counts
// as much as a common one, and an L2 penalty towards `anchor` (the base head's weights for a
// grade head, zero for the outcome head). No randomness: the start is given, the batch is
// whole, so the same examples give the same weights.
import * as tf from '@tensorflow/tfjs';
import { cloneHead, featureMatrix, forward, type DenseHead, type DenseLayer } from './dense-head';

/** Heavy-ball momentum for plain gradient descent. */
const MOMENTUM = 0.9;

export interface FitSettings {
  /**
   * 'momentum' (gradient descent with momentum) by default: Adam scales every weight's step
   * alike, so with ~100 examples and 128 features it moves the weights of uninformative
   * features as far as the informative ones and overfits; on a synthetic three-class set it
   * reached a cross-validated macro-F1 of 0.76 where gradient descent with momentum reached 0.95.
   */
  optimizer?: 'momentum' | 'adam';
  steps: number;
  learningRate: number;
  /** Weight of 0.5 * sum((w - anchor)^2) over the kernels (biases are free). */
  l2: number;
}

export interface FitInput {
  /** Standardised features, one per example. */
  features: readonly Float32Array[];
  /** Class index per example (0/1 for a one-unit sigmoid head). */
  targets: readonly number[];
  /** Initial weights (and the anchor of the penalty unless `anchor` is given). */
  start: DenseHead;
  anchor?: DenseHead | 'zero';
  signal?: AbortSignal;
}

/** Weight per example so every class carries the same total weight (n / (classes * count)). */
export function classWeights(targets: readonly number[], classCount: number): Float32Array {
  const counts = new Array<number>(classCount).fill(0);
  for (const t of targets) counts[t]!++;
  const present = counts.filter((c) => c > 0).length;
  return Float32Array.from(targets, (t) => targets.length / (present * counts[t]!));
}

export function fitHead(input: FitInput, settings: FitSettings): DenseHead {
  return settings.optimizer === 'adam' ? fitWithAutograd(input, settings) : fitWithMomentum(input, settings);
}

/**
 * Gradient descent with momentum, the gradients written out: every layer's products (a @ kernel
 * forward; a^T @ dz and dz @ kernel^T backward) in tfjs on operands transposed first (the WASM
 * backend's fast path), the loss gradient, the penalty and the updates in plain arrays. The same
 * sums tfjs's momentum optimizer applies to the autograd gradients (class-weighted cross-entropy
 * summed and divided by the examples, plus 0.5 * l2 * sum((w - anchor)^2)), without the input
 * gradient autograd also takes and without a tensor per weight: 2-3 times faster per fit than
 * autograd. The later layers' products were plain-array loops until 2026-12-07; in tfjs a fit on
 * 4,080 examples takes about half the time (docs/learning.md). No randomness, the same order of
 * sums in every host on the same backend.
 */
function fitWithMomentum(input: FitInput, settings: FitSettings): DenseHead {
  const { features, targets, start } = input;
  const n = features.length;
  const layers = start.layers;
  const last = layers.length - 1;
  const outputs = layers[last]!.units;
  const sigmoid = outputs === 1;
  const weights = classWeights(targets, sigmoid ? 2 : outputs);
  const anchorHead = input.anchor === 'zero' ? null : (input.anchor ?? start);
  const kernels = layers.map((l) => Float32Array.from(l.kernel));
  const biases = layers.map((l) => Float64Array.from(l.bias));
  const kernelSteps = layers.map((l) => new Float64Array(l.kernel.length));
  const biasSteps = layers.map((l) => new Float64Array(l.bias.length));
  const x = featureMatrix(features);
  const xT = tf.transpose(x);
  try {
    for (let step = 0; step < settings.steps; step++) {
      if (input.signal?.aborted) throw input.signal.reason ?? new DOMException('Learning was cancelled.', 'AbortError');
      const { kernelGradients, biasGradients } = gradients(x, xT, layers, kernels, biases, (logits) => outputGradient(logits, targets, weights, n, outputs, sigmoid));
      for (const [l, layer] of layers.entries()) {
        const kernel = kernels[l]!;
        const kernelGradient = kernelGradients[l]!;
        const anchor = anchorHead?.layers[l]!.kernel;
        const kernelStep = kernelSteps[l]!;
        for (let k = 0; k < kernel.length; k++) {
          kernelStep[k] = MOMENTUM * kernelStep[k]! + kernelGradient[k]! + settings.l2 * (kernel[k]! - (anchor ? anchor[k]! : 0));
          kernel[k] = kernel[k]! - settings.learningRate * kernelStep[k]!;
        }
        const bias = biases[l]!;
        const biasGradient = biasGradients[l]!;
        const biasStep = biasSteps[l]!;
        for (let j = 0; j < layer.units; j++) {
          biasStep[j] = MOMENTUM * biasStep[j]! + biasGradient[j]!;
          bias[j] = bias[j]! - settings.learningRate * biasStep[j]!;
        }
      }
    }
    const fitted = cloneHead(start);
    fitted.layers.forEach((layer, l) => {
      layer.kernel = kernels[l]!;
      layer.bias = Float32Array.from(biases[l]!);
    });
    return fitted;
  } finally {
    tf.dispose([x, xT]);
  }
}

/**
 * One step's gradients of every layer's kernel and bias: the forward pass and the backward
 * products in tfjs (intermediates freed with the step), the logits read back once for
 * `lossGradient` (d(loss)/d(logits), [n, outputs] row-major), the gradients read back at the end.
 */
function gradients(
  x: tf.Tensor2D,
  xT: tf.Tensor,
  layers: readonly DenseLayer[],
  kernels: readonly Float32Array[],
  biases: readonly Float64Array[],
  lossGradient: (logits: Float32Array) => Float64Array,
): { kernelGradients: Float32Array[]; biasGradients: Float32Array[] } {
  const last = layers.length - 1;
  const kernelGradients: Float32Array[] = [];
  const biasGradients: Float32Array[] = [];
  tf.tidy(() => {
    const kernelTensors = layers.map((l, i) => tf.tensor2d(kernels[i]!, [l.inputs, l.units]));
    /** Each layer's output after its activation; the input below layer 0 is x. */
    const activations: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = x;
    for (const [l, layer] of layers.entries()) {
      h = tf.fused.matMul({ a: h, b: kernelTensors[l]!, bias: tf.tensor1d(Float32Array.from(biases[l]!)), activation: layer.relu ? 'relu' : 'linear' }) as tf.Tensor2D;
      activations.push(h);
    }
    const logits = activations[last]!.dataSync() as Float32Array;
    let dz: tf.Tensor2D = tf.tensor2d(Float32Array.from(lossGradient(logits)), [logits.length / layers[last]!.units, layers[last]!.units]);
    const kernelTensorsOut: tf.Tensor[] = [];
    const biasTensorsOut: tf.Tensor[] = [];
    for (let l = last; l >= 0; l--) {
      // a^T @ dz with a transposed first: the backend's fast path (matmul-fast-grad.ts).
      kernelTensorsOut[l] = tf.matMul(l === 0 ? (xT as tf.Tensor2D) : tf.transpose(activations[l - 1]!), dz);
      biasTensorsOut[l] = tf.sum(dz, 0);
      if (l > 0) {
        const below = tf.matMul(dz, tf.transpose(kernelTensors[l]!) as tf.Tensor2D);
        // Through the relu below: its output is above zero exactly where its input is.
        dz = (layers[l - 1]!.relu ? tf.mul(below, tf.step(activations[l - 1]!)) : below) as tf.Tensor2D;
      }
    }
    for (let l = 0; l <= last; l++) {
      kernelGradients.push(kernelTensorsOut[l]!.dataSync() as Float32Array);
      biasGradients.push(biasTensorsOut[l]!.dataSync() as Float32Array);
    }
  });
  return { kernelGradients, biasGradients };
}

/** d(loss)/d(logits) of the class-weighted cross-entropy (softmax, or sigmoid for one unit), summed over examples and divided by n. */
function outputGradient(logits: Float32Array, targets: readonly number[], weights: Float32Array, n: number, units: number, sigmoid: boolean): Float64Array {
  const dz = new Float64Array(n * units);
  for (let i = 0; i < n; i++) {
    const w = weights[i]! / n;
    if (sigmoid) {
      dz[i] = w * (1 / (1 + Math.exp(-logits[i]!)) - targets[i]!);
      continue;
    }
    let max = -Infinity;
    for (let j = 0; j < units; j++) max = Math.max(max, logits[i * units + j]!);
    let sum = 0;
    for (let j = 0; j < units; j++) sum += Math.exp(logits[i * units + j]! - max);
    for (let j = 0; j < units; j++) dz[i * units + j] = w * (Math.exp(logits[i * units + j]! - max) / sum - (targets[i] === j ? 1 : 0));
  }
  return dz;
}

/** The same fit through tfjs's autograd and optimizers: Adam, and the reference the written-out momentum fit is tested against. */
export function fitWithAutograd(input: FitInput, settings: FitSettings): DenseHead {
  const { features, targets, start } = input;
  const units = start.layers[start.layers.length - 1]!.units;
  const sigmoid = units === 1;
  const classCount = sigmoid ? 2 : units;
  const anchorHead = input.anchor === 'zero' ? null : (input.anchor ?? start);

  const variables = start.layers.map((l) => ({
    kernel: tf.variable(tf.tensor2d(l.kernel, [l.inputs, l.units])),
    bias: tf.variable(tf.tensor1d(l.bias)),
    relu: l.relu,
  }));
  const anchors = anchorHead?.layers.map((l) => tf.tensor2d(l.kernel, [l.inputs, l.units]));
  const x = featureMatrix(features);
  const weights = tf.tensor1d(classWeights(targets, classCount));
  const y = sigmoid ? tf.tensor2d(Float32Array.from(targets), [targets.length, 1]) : tf.oneHot(tf.tensor1d(Int32Array.from(targets), 'int32'), units);
  const optimizer = settings.optimizer === 'adam' ? tf.train.adam(settings.learningRate) : tf.train.momentum(settings.learningRate, MOMENTUM);
  const varList = variables.flatMap((v) => [v.kernel, v.bias]);
  try {
    for (let step = 0; step < settings.steps; step++) {
      if (input.signal?.aborted) throw input.signal.reason ?? new DOMException('Learning was cancelled.', 'AbortError');
      optimizer.minimize(() => {
        const logits = forward(x, variables);
        const data = sigmoid
          ? tf.losses.sigmoidCrossEntropy(y, logits, weights.reshape([-1, 1]))
          : tf.losses.softmaxCrossEntropy(y, logits, weights);
        const penalty = variables
          .map((v, i) => tf.sum(tf.square(anchors ? tf.sub(v.kernel, anchors[i]!) : v.kernel)))
          .reduce((a, b) => tf.add(a, b));
        return tf.add(data, tf.mul(0.5 * settings.l2, penalty)) as tf.Scalar;
      }, false, varList);
    }
    const fitted = cloneHead(start);
    variables.forEach((v, i) => {
      fitted.layers[i]!.kernel = Float32Array.from(v.kernel.dataSync());
      fitted.layers[i]!.bias = Float32Array.from(v.bias.dataSync());
    });
    return fitted;
  } finally {
    optimizer.dispose();
    tf.dispose([x, weights, y, ...(anchors ?? []), ...varList]);
  }
}

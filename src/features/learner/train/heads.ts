// Fitting one label's head on raw pooled features: standardise, fit, fold the standardisation
// back into the first layer so the graph needs no extra ops.
import type { DenseHead } from './dense-head';
import { fitPlatt } from './calibrate';
import { fitHead } from './fit-head';
import { TRAINING } from './settings';
import { mapFirstLayer, scalingOf, standardise, toRawLayer, toStandardisedLayer } from './standardise';

/** A grade head re-fitted from the base head's weights (same shapes). */
export function fitGradeHead(base: DenseHead, features: readonly Float32Array[], targets: readonly number[], signal?: AbortSignal): DenseHead {
  const scaling = scalingOf(features);
  const start = mapFirstLayer(base, (l) => toStandardisedLayer(l, scaling));
  const { optimizer, steps, learningRate, l2TowardsBase } = TRAINING.gradeHeads;
  const fitted = fitHead({ features: standardise(features, scaling), targets, start, signal }, { optimizer, steps, learningRate, l2: l2TowardsBase });
  return mapFirstLayer(fitted, (l) => toRawLayer(l, scaling));
}

/** One sigmoid unit on the pooled features: strongly penalised logistic regression, then Platt scaling. */
export function fitOutcomeHead(features: readonly Float32Array[], targets: readonly (0 | 1)[], signal?: AbortSignal): DenseHead {
  const scaling = scalingOf(features);
  const d = features[0]!.length;
  const zero: DenseHead = { layers: [{ kernel: new Float32Array(d), bias: new Float32Array(1), inputs: d, units: 1, relu: false }] };
  const { optimizer, steps, learningRate, l2 } = TRAINING.outcomeHead;
  const z = standardise(features, scaling);
  const fitted = fitHead({ features: z, targets, start: zero, anchor: 'zero', signal }, { optimizer, steps, learningRate, l2 });
  const layer = fitted.layers[0]!;
  const scores = z.map((f) => f.reduce((sum, v, j) => sum + v * layer.kernel[j]!, layer.bias[0]!));
  const { a, c } = fitPlatt(scores, targets);
  const calibrated = { ...layer, kernel: layer.kernel.map((w) => a * w), bias: Float32Array.of(a * layer.bias[0]! + c) };
  return { layers: [toRawLayer(calibrated, scaling)] };
}

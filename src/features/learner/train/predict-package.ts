// The engine's own predictions from a package's weights (no graph run): what the learned
// heads say for given pooled features (as extractFeatures takes them: each head reads its own
// set's slice). Tests compare these with the graph's outputs.
import type { LoadedModelPackage } from '../../inference/headless';
import { OUTCOME_BIAS, OUTCOME_KERNEL, readWeights } from './graph';
import { baseHeads, featureLayout } from './base-heads';
import { examplesLayout, featuresOfSet } from './feature-layout';
import { headProbabilities } from './dense-head';
import type { GradeLabel } from './types';

export function outcomeProbabilities(pkg: LoadedModelPackage, features: readonly Float32Array[]): number[] {
  if (!pkg.card.outcome) throw new Error(`model ${pkg.card.id} has no outcome head`);
  const weights = readWeights(pkg, [OUTCOME_KERNEL, OUTCOME_BIAS]);
  const kernel = weights.get(OUTCOME_KERNEL)!;
  const head = { layers: [{ kernel, bias: weights.get(OUTCOME_BIAS)!, inputs: kernel.length, units: 1, relu: false }] };
  return headProbabilities(head, slicedFor(pkg, kernel.length, features)).map(([p]) => p!);
}

export function gradeProbabilities(pkg: LoadedModelPackage, label: GradeLabel, features: readonly Float32Array[]): Float32Array[] {
  const head = baseHeads(pkg).find((h) => h.label === label);
  if (!head) throw new Error(`model ${pkg.card.id} has no ${label} head`);
  return headProbabilities(head.head, slicedFor(pkg, head.head.layers[0]!.inputs, features));
}

/** The features' slice a head of `inputs` values reads (the set of that size). */
function slicedFor(pkg: LoadedModelPackage, inputs: number, features: readonly Float32Array[]): Float32Array[] {
  const keyed = features.map((f, i) => ({ key: String(i), features: f }));
  const set = examplesLayout(featureLayout(pkg), keyed).sets.find((s) => s.size === inputs);
  if (!set) throw new Error(`no feature set of ${inputs} values in these features`);
  return featuresOfSet(set, features);
}

// The engine's own predictions from a package's weights (no graph run): what the learned
// heads say for given pooled features. Tests compare these with the graph's outputs.
import type { LoadedModelPackage } from '../../inference/headless';
import { OUTCOME_BIAS, OUTCOME_KERNEL, readWeights } from './graph';
import { baseHeads } from './base-heads';
import { headProbabilities } from './dense-head';
import type { GradeLabel } from './types';

export function outcomeProbabilities(pkg: LoadedModelPackage, features: readonly Float32Array[]): number[] {
  if (!pkg.card.outcome) throw new Error(`model ${pkg.card.id} has no outcome head`);
  const weights = readWeights(pkg, [OUTCOME_KERNEL, OUTCOME_BIAS]);
  const kernel = weights.get(OUTCOME_KERNEL)!;
  const head = { layers: [{ kernel, bias: weights.get(OUTCOME_BIAS)!, inputs: kernel.length, units: 1, relu: false }] };
  return headProbabilities(head, features).map(([p]) => p!);
}

export function gradeProbabilities(pkg: LoadedModelPackage, label: GradeLabel, features: readonly Float32Array[]): Float32Array[] {
  const head = baseHeads(pkg).find((h) => h.label === label);
  if (!head) throw new Error(`model ${pkg.card.id} has no ${label} head`);
  return headProbabilities(head.head, features);
}

// A base head expressed on another feature set, so a head learning from that set starts as the
// base and its pull towards the base still means "stay as the base": rows the base read are kept
// (at their place in the new set), rows it did not read start at zero, and rows it read that the
// new set lacks are dropped with their features held at their mean (folded into the bias).
import type { DenseHead } from './dense-head';
import type { FeatureSet } from './feature-layout';

type Slice = Pick<FeatureSet, 'from' | 'size'>;

/**
 * `head` reads `source` (a slice of the full extracted vector); the same head reading `target`.
 * `meanOf(index)` gives the mean of the full vector's feature `index`, needed only for dropped rows.
 */
export function headOnSet(head: DenseHead, source: Slice, target: Slice, meanOf: (index: number) => number): DenseHead {
  if (source.from === target.from && source.size === target.size) return head;
  const [first, ...rest] = head.layers;
  const units = first!.units;
  const kernel = new Float32Array(target.size * units);
  const bias = Float64Array.from(first!.bias);
  for (let row = 0; row < source.size; row++) {
    const index = source.from + row;
    const weights = first!.kernel.subarray(row * units, (row + 1) * units);
    if (index >= target.from && index < target.from + target.size) kernel.set(weights, (index - target.from) * units);
    else for (let u = 0; u < units; u++) bias[u]! += meanOf(index) * weights[u]!;
  }
  return { layers: [{ ...first!, kernel, bias: Float32Array.from(bias), inputs: target.size }, ...rest] };
}

/** Per feature of the full vectors, its mean over `features` (Float64 sums). */
export function featureMeans(features: readonly Float32Array[]): (index: number) => number {
  const d = features[0]?.length ?? 0;
  const sums = new Float64Array(d);
  for (const f of features) for (let j = 0; j < d; j++) sums[j]! += f[j]!;
  return (index) => (features.length ? sums[index]! / features.length : 0);
}

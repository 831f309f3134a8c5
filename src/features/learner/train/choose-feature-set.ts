// Per label, the feature set its head learns from, chosen on the cross-validated figure of the
// data at hand (never a fixed global choice): the preferred set (gap, what the base heads read)
// unless another beats it on the same folds by at least MIN_GAIN. The margin keeps the smaller
// set where the two are level, since a figure chosen as the best of several is already a little
// optimistic.
import type { Interval } from '../../learning/headless';
import type { FeatureSet } from './feature-layout';
import type { FeatureSetChoice } from './types';

export const MIN_GAIN = 0.01;

export const CHOICE_RULE = `Each offered feature set cross-validated on the same folds; the first (gap) kept unless another's figure is higher by at least ${MIN_GAIN}.`;

export function chooseFeatureSet(candidates: readonly { set: FeatureSet; figure: Interval }[], figure: FeatureSetChoice['figure']): FeatureSetChoice {
  const preferred = candidates[0]!;
  let chosen = preferred;
  for (const c of candidates.slice(1)) if (c.figure.estimate >= preferred.figure.estimate + MIN_GAIN && c.figure.estimate > chosen.figure.estimate) chosen = c;
  return {
    chosen: chosen.set.name,
    candidates: candidates.map((c) => ({ set: c.set.name, values: c.set.size, figure: c.figure })),
    figure,
    rule: CHOICE_RULE,
  };
}

// Per label, the feature set its head learns from, chosen on the cross-validated figure of the
// data at hand (never a fixed global choice): the preferred set (gap, what the base heads read)
// unless another beats it on the same folds by at least MIN_GAIN. The margin keeps the smaller
// set where the two are level, since a figure chosen as the best of several is already a little
// optimistic. The sets are compared on the first folds that hold out at least MIN_HELD_OUT
// examples (foldsToScore, as the learning curve's points; all folds for fewer labels): each head
// trained on (folds - 1) / folds of the examples, as in the full cross-validation, and scored on
// those folds' held-out examples. Only the chosen set is fitted on the other folds, so with
// many labels the comparison costs the other sets a fold or two instead of all.
import { foldsToScore, MIN_HELD_OUT, type Interval } from '../../learning/headless';
import type { FeatureSet } from './feature-layout';
import type { FeatureSetChoice } from './types';

export const MIN_GAIN = 0.01;
/** How many of a label's `folds` over `examples` the `sets` are compared on (the first ones): foldsToScore, or all when there is only one set. */
export const comparisonFolds = (examples: number, folds: number, sets: number): number => (sets > 1 ? foldsToScore(examples, folds) : folds);

export const choiceRule = (compared: number, folds: number): string =>
  `Each offered feature set fitted and scored on the same ${compared === folds ? `${folds} folds` : `first ${compared === 1 ? 'fold' : `${compared} folds`} of the ${folds} (the fewest that hold out at least ${MIN_HELD_OUT} examples; each head trained on ${folds - 1}/${folds} of the examples, scored on those folds' held-out examples)`}; ` +
  `the first (gap) kept unless another's figure is higher by at least ${MIN_GAIN}${compared === folds ? '' : `; the chosen set is then cross-validated on all ${folds} folds (the label's reported figures)`}.`;

export function chooseFeatureSet(candidates: readonly { set: FeatureSet; figure: Interval }[], figure: FeatureSetChoice['figure'], comparedOn: NonNullable<FeatureSetChoice['comparedOn']>): FeatureSetChoice {
  const preferred = candidates[0]!;
  let chosen = preferred;
  for (const c of candidates.slice(1)) if (c.figure.estimate >= preferred.figure.estimate + MIN_GAIN && c.figure.estimate > chosen.figure.estimate) chosen = c;
  return {
    chosen: chosen.set.name,
    candidates: candidates.map((c) => ({ set: c.set.name, values: c.set.size, figure: c.figure })),
    figure,
    comparedOn,
    rule: choiceRule(comparedOn.folds, comparedOn.of),
  };
}

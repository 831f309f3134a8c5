// The learning curve: a label's cross-validated figure at growing shares of its examples
// (seeded, stratified, nested subsets; the same stratified folds as the full run), a
// log-linear fit through the points, and the figure expected with twice the labels, stated as
// an estimate. Which head is fitted and how it is scored is the caller's (`measure`): the
// features are taken once and only the heads are refitted per subset. Of each subset's folds
// only as many are fitted and scored as hold out MIN_HELD_OUT examples (foldsToScore; all of
// them in a smaller subset): every head still trains on (folds - 1) / folds of its subset, as in
// the full cross-validation, so a point is not biased by a smaller training share; it is only
// scored on fewer held-out examples (its interval says how much less sure), at fewer fits.
import { extrapolate, fitLogLinear } from './curve-fit';
import { stratifiedFolds, type Fold } from './folds';
import type { LabelCurve, LearningCurve, LearnLabel } from './learn-report';
import type { Interval } from './metrics';
import { stratifiedSubsets } from './stratified-subsets';

export const CURVE_FRACTIONS: readonly number[] = [0.25, 0.5, 0.75, 1];
/** Fewer measured points than this give no fit and no estimate. */
export const MIN_CURVE_POINTS = 3;
/** Held-out examples enough to score a head on: fewer folds than all are fitted only when they hold out at least this many. A judgement (a macro-F1 or AUC on 200 examples has a 95 % interval about ±0.05-0.07 wide), not a measurement. */
export const MIN_HELD_OUT = 200;

/** How many of `folds` folds over `examples` examples are fitted and scored: the fewest whose held-out examples reach MIN_HELD_OUT, all when they never do. */
export function foldsToScore(examples: number, folds: number): number {
  return Math.min(folds, Math.max(1, Math.ceil((MIN_HELD_OUT * folds) / Math.max(1, examples))));
}

export interface CurveLabelInput {
  label: LearnLabel;
  figure: LabelCurve['figure'];
  /** The class of each of the label's examples. */
  values: readonly string[];
  /** The figure measured on all the examples (the report's own; may still be being measured while the subsets are). */
  full: Interval | Promise<Interval>;
  /**
   * Fits the head on `subset` (indexes into `values`) for each of `folds` (indexes into
   * `subset`; the first foldsToScore(subset.length, folds) of its stratified folds) and returns the figure over
   * their held-out examples.
   */
  measure: (subset: readonly number[], folds: Fold[], fraction: number) => Interval | Promise<Interval>;
}

export interface CurveOptions {
  folds: number;
  seed: number;
  fractions?: readonly number[];
  signal?: AbortSignal;
  /** Told the folds a fraction skips, so progress can count them as done. */
  onSkipped?: (folds: number) => void;
}

const percent = (f: number) => `${Math.round(f * 100)} %`;
const two = (v: number) => v.toFixed(2);

async function labelCurve(input: CurveLabelInput, options: CurveOptions, fractions: readonly number[]): Promise<LabelCurve> {
  const partial = fractions.filter((f) => f < 1);
  const subsets = stratifiedSubsets(input.values, partial, `blastograde-curve/${options.seed}/${input.label}`);
  const skipped: LabelCurve['skipped'] = [];
  // Every fraction's cross-validation is started before any is awaited, so a host that fits in
  // parallel gets all their folds at once; the points keep the fractions' order.
  const measured: Promise<LabelCurve['points'][number]>[] = [];
  for (const [k, fraction] of partial.entries()) {
    options.signal?.throwIfAborted();
    const subset = subsets[k]!;
    const plan = stratifiedFolds(subset.map((i) => input.values[i]!), { folds: options.folds, seed: String(options.seed), labelName: input.label });
    if (!plan.ok) {
      skipped.push({ fraction, examples: subset.length, reason: `${percent(fraction)} of the labels (${subset.length} examples) cannot be cross-validated: ${plan.refusal}` });
      options.onSkipped?.(foldsToScore(subset.length, options.folds));
      continue;
    }
    measured.push(Promise.resolve(input.measure(subset, plan.folds.slice(0, foldsToScore(subset.length, options.folds)), fraction)).then((figure) => ({ fraction, examples: subset.length, figure })));
  }
  const points: LabelCurve['points'] = await Promise.all(measured);
  if (fractions.includes(1)) points.push({ fraction: 1, examples: input.values.length, figure: await input.full });
  const curve: LabelCurve = { label: input.label, figure: input.figure, points, skipped, fit: null, doubled: null };
  const usable = points.filter((p) => Number.isFinite(p.figure.estimate));
  if (usable.length < MIN_CURVE_POINTS) {
    curve.noFit = `Only ${usable.length} of the ${fractions.length} points could be measured; a curve needs at least ${MIN_CURVE_POINTS}, so no estimate for more labels is given.`;
    return curve;
  }
  const fit = fitLogLinear(usable.map((p) => ({ examples: p.examples, figure: p.figure.estimate, low: p.figure.low, high: p.figure.high })));
  if (!fit) {
    curve.noFit = 'The measured points do not span two sizes; no curve was fitted.';
    return curve;
  }
  const last = usable[usable.length - 1]!;
  // More labels are not expected to make a head worse: a falling fit is read as no gain (the
  // fit itself is kept as measured).
  const rising = fit.slope > 0 ? fit : { ...fit, slope: 0, gainPerDoubling: 0 };
  const doubled = extrapolate(rising, { examples: last.examples, figure: last.figure.estimate, low: last.figure.low, high: last.figure.high }, 2 * last.examples);
  const gainSe = fit.slopeStandardError * Math.LN2;
  const measurable = fit.gainPerDoubling > 1.96 * gainSe;
  const how = `from a log-linear fit through ${usable.length} points`;
  const gain = measurable
    ? `+${two(fit.gainPerDoubling)} per doubling, ${how}; such a fit keeps rising where real curves flatten, so read it as an upper guess`
    : `no gain is measurable from these points: the fitted change per doubling, ${fit.gainPerDoubling >= 0 ? '+' : '−'}${two(Math.abs(fit.gainPerDoubling))} ± ${two(1.96 * gainSe)}, is within its uncertainty of ${fit.gainPerDoubling > 0 ? 'zero' : 'zero or below it, read as no gain'} (${how})`;
  curve.fit = fit;
  curve.doubled = {
    ...doubled,
    note:
      `Estimate, extrapolated: with about ${doubled.examples} labelled examples (twice ${last.examples}) the cross-validated ${input.figure} ` +
      `is expected near ${two(doubled.estimate)} (${two(doubled.low)}–${two(doubled.high)}), against ${two(last.figure.estimate)} now; ${gain}.`,
  };
  return curve;
}

export async function learningCurve(inputs: readonly CurveLabelInput[], options: CurveOptions): Promise<LearningCurve> {
  const fractions = options.fractions ?? CURVE_FRACTIONS;
  // All labels' curves at once, for the same reason (in the inputs' order).
  const labels = await Promise.all(inputs.map((input) => labelCurve(input, options, fractions)));
  return {
    fractions: [...fractions],
    method:
      `Per label, seeded stratified nested subsets of its examples (${fractions.filter((f) => f < 1).map(percent).join(', ')}), each split into ${options.folds} stratified folds; ` +
      `of a subset's folds only as many are fitted and scored as hold out at least ${MIN_HELD_OUT} examples (all of them in a smaller subset): each head trains on ${options.folds - 1}/${options.folds} of its subset, as in a full cross-validation, and a point scored on fewer held-out examples has a wider interval; ` +
      `${fractions.includes(1) ? 'the 100 % point is the label’s own cross-validated figure on all its folds; ' : ''}features taken once, heads refitted per fold. Intervals are bootstrap 95 % over the out-of-fold predictions.`,
    labels,
  };
}

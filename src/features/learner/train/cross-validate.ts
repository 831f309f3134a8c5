// Per label: base model and learned head scored on the same stratified folds. Each example is
// predicted once, by the head fitted without its fold; the figures (with bootstrap intervals)
// are computed over all those out-of-fold predictions together. A context may hold only some of
// the folds (the feature-set comparison's and the learning curve's first folds): only those are
// fitted, and the learned head's figure is taken over their held-out examples alone.
import { classificationMetrics, outcomeMetrics, rocAucInterval, type Fold, type Interval } from '../../learning/headless';
import { applyPlatt, fitPlatt } from './calibrate';
import { headProbabilities, type DenseHead } from './dense-head';
import { inProcessFitter, type HeadFitTask, type HeadFitter } from './head-fitter';
import type { GradeLabel, GradeLabelReport, OutcomeLabelReport } from './types';
import { argmaxIndex } from '../../../lib/argmax';
import { rocAuc } from '../../../lib/metrics/roc-auc';

export interface FoldContext {
  folds: Fold[];
  bootstrapSeed: string;
  signal?: AbortSignal;
  onFold?: (fold: number) => void;
  /** Where the folds' fits run (default: here, one after another); they are handed over together. */
  fitter?: HeadFitter;
}

/** The figures, and each example's probabilities: the base's, and the learned head's from the fold that left it out. */
export type GradeValidation = Pick<GradeLabelReport, 'base' | 'learned'> & { probabilities: { base: Float32Array[]; learned: Float32Array[] } };

const pick = <T>(items: readonly T[], indexes: readonly number[]): T[] => indexes.map((i) => items[i]!);

/** The examples a context's folds hold out, ascending (all of them when it has every fold). */
export const heldOut = (context: Pick<FoldContext, 'folds'>): number[] => context.folds.flatMap((f) => f.test).sort((a, b) => a - b);

/**
 * The base's figures (its own probabilities, on the features it reads) and the learned head's
 * out-of-fold probabilities (`learned`, every example predicted: all folds fitted).
 */
export function gradeValidation(label: GradeLabel, baseProbabilities: readonly Float32Array[], classes: readonly string[], targets: readonly number[], learnedProbabilities: Float32Array[], bootstrapSeed: string): GradeValidation {
  const truth = targets.map((t) => classes[t]!);
  const basePredicted = baseProbabilities.map((p) => classes[argmaxIndex(p)]!);
  const learned = learnedProbabilities.map((p) => classes[argmaxIndex(p)]!);
  const options = { seed: `${bootstrapSeed}/${label}` };
  return {
    base: classificationMetrics(truth, basePredicted, classes, options),
    learned: classificationMetrics(truth, learned, classes, options),
    probabilities: { base: [...baseProbabilities], learned: learnedProbabilities },
  };
}

/** Fits each fold's head on its training examples (all handed to the fitter at once); onFold as each is done. */
function foldHeads(context: FoldContext, task: (train: readonly number[]) => HeadFitTask): Promise<DenseHead[]> {
  const fitter = context.fitter ?? inProcessFitter;
  return Promise.all(
    context.folds.map(async (fold, f) => {
      const head = await fitter.fit(task(fold.train), context.signal);
      context.onFold?.(f + 1);
      return head;
    }),
  );
}

/** Each example's class probabilities from the grade head fitted without its fold. */
export async function outOfFoldGrade(base: DenseHead, features: readonly Float32Array[], targets: readonly number[], context: FoldContext): Promise<Float32Array[]> {
  const probabilities = new Array<Float32Array>(features.length);
  const heads = await foldHeads(context, (train) => ({ kind: 'grade', base, features: pick(features, train), targets: pick(targets, train) }));
  context.folds.forEach((fold, f) => {
    headProbabilities(heads[f]!, pick(features, fold.test)).forEach((p, i) => (probabilities[fold.test[i]!] = p));
  });
  return probabilities;
}

/** Each example's outcome probability from the outcome head fitted without its fold. */
export async function outOfFoldOutcome(features: readonly Float32Array[], targets: readonly (0 | 1)[], context: FoldContext): Promise<number[]> {
  const learned = new Array<number>(features.length);
  const heads = await foldHeads(context, (train) => ({ kind: 'outcome', features: pick(features, train), targets: pick(targets, train) }));
  context.folds.forEach((fold, f) => {
    headProbabilities(heads[f]!, pick(features, fold.test)).forEach(([p], i) => (learned[fold.test[i]!] = p!));
  });
  return learned;
}

/** The learned grade head's macro-F1 over the examples the context's folds hold out (with every fold: its cross-validated figure). */
export function heldOutMacroF1(label: GradeLabel, classes: readonly string[], targets: readonly number[], learned: readonly Float32Array[], context: Pick<FoldContext, 'folds' | 'bootstrapSeed'>): Interval {
  const scored = heldOut(context);
  const predicted = scored.map((i) => classes[argmaxIndex(learned[i]!)]!);
  return classificationMetrics(scored.map((i) => classes[targets[i]!]!), predicted, classes, { seed: `${context.bootstrapSeed}/${label}` }).macroF1;
}

/** The learned outcome head's ROC AUC over the examples the context's folds hold out (with every fold: its cross-validated figure). */
export function heldOutAuc(targets: readonly (0 | 1)[], learned: readonly number[], context: Pick<FoldContext, 'folds' | 'bootstrapSeed'>): Interval {
  const scored = heldOut(context);
  return rocAucInterval(learned, targets.map((t) => t === 1), scored, { seed: `${context.bootstrapSeed}/outcome` });
}

/** The learned grade head's figure on the context's folds alone (the learning curve's). */
export async function learnedMacroF1(label: GradeLabel, base: DenseHead, classes: readonly string[], features: readonly Float32Array[], targets: readonly number[], context: FoldContext): Promise<Interval> {
  return heldOutMacroF1(label, classes, targets, await outOfFoldGrade(base, features, targets, context), context);
}

/** The learned outcome head's figure on the context's folds alone (the learning curve's). */
export async function learnedOutcomeAuc(features: readonly Float32Array[], targets: readonly (0 | 1)[], context: FoldContext): Promise<Interval> {
  return heldOutAuc(targets, await outOfFoldOutcome(features, targets, context), context);
}

/** The base's figures and the learned head's, from its out-of-fold probabilities (`learned`, every example predicted) and the base score calibrated on each fold's training examples. */
export function outcomeValidation(
  targets: readonly (0 | 1)[],
  baseScore: readonly number[],
  learned: number[],
  context: Pick<FoldContext, 'folds' | 'bootstrapSeed'>,
): Pick<OutcomeLabelReport, 'base' | 'learned' | 'baseScoreAuc'> {
  const base = new Array<number>(targets.length);
  for (const fold of context.folds) {
    // The base's score made a probability on the same training folds (monotone: it ranks as the score does).
    const platt = fitPlatt(pick(baseScore, fold.train), pick(targets, fold.train));
    for (const i of fold.test) base[i] = applyPlatt(platt, baseScore[i]!);
  }
  const options = { seed: `${context.bootstrapSeed}/outcome` };
  // The score itself needs no fitting, so its AUC is taken on it directly: per-fold calibrations
  // rank within each fold as the score does but would blur the pooled ranking.
  const lowest = Math.min(...baseScore);
  const spread = Math.max(...baseScore) - lowest || 1;
  const scoreAuc = outcomeMetrics(targets, baseScore.map((s) => (s - lowest) / spread), options).auc;
  return {
    base: { ...outcomeMetrics(targets, base, options), auc: scoreAuc },
    learned: outcomeMetrics(targets, learned, options),
    baseScoreAuc: rocAuc([...baseScore], targets.map((t) => t === 1)),
  };
}

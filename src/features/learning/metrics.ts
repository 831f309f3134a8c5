// Per-head validation metrics with bootstrap 95 % intervals. One pass of resamples (seeded
// Alea, so Node and browsers agree) serves every figure of a head; each figure's interval
// is the 2.5th-97.5th percentile (linear interpolation) of its value over the resamples.
import seedrandom from 'seedrandom';
import { rocAucOfSamples } from '../../lib/metrics/roc-auc';

export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 'blastograde-bootstrap';

export interface Interval {
  estimate: number;
  /** 2.5th percentile over the resamples. */
  low: number;
  /** 97.5th percentile over the resamples. */
  high: number;
  /** Resamples the figure could be computed on (e.g. AUC needs both classes present). */
  resamples: number;
}

export interface BootstrapOptions {
  resamples?: number;
  seed?: string;
}

export interface ClassificationMetrics {
  classes: string[];
  /** confusion[t][p]: examples of true class t predicted as class p (in `classes` order). */
  confusion: number[][];
  accuracy: Interval;
  /** Mean F1 over the classes present in the truth or the predictions (F1 = 0 where precision + recall = 0). */
  macroF1: Interval;
  /** Per class; NaN estimate where the class has no true examples. */
  recall: Record<string, Interval>;
}

export interface OutcomeMetrics extends ClassificationMetrics {
  /** ROC AUC of the probability of outcome 1. */
  auc: Interval;
  /** The cut at which probabilities became the 0/1 predictions behind the other figures. */
  threshold: number;
}

/** Accuracy, macro-F1, per-class recall and the confusion matrix of one head. */
export function classificationMetrics(
  truth: readonly string[],
  predicted: readonly string[],
  classes: readonly string[],
  options: BootstrapOptions = {},
): ClassificationMetrics {
  if (truth.length !== predicted.length) throw new Error(`classificationMetrics: ${truth.length} labels for ${predicted.length} predictions`);
  if (truth.length === 0) throw new Error('classificationMetrics: no examples');
  const index = new Map(classes.map((c, i) => [c, i]));
  const toIndex = (label: string): number => {
    const i = index.get(label);
    if (i === undefined) throw new Error(`classificationMetrics: "${label}" is not one of ${classes.join(', ')}`);
    return i;
  };
  const t = truth.map(toIndex);
  const p = predicted.map(toIndex);
  const k = classes.length;

  const figures = (sample: readonly number[]): number[] => {
    const confusion = confusionOf(t, p, k, sample);
    return [accuracyOf(confusion), macroF1Of(confusion), ...recallsOf(confusion)];
  };
  const all = truth.map((_x, i) => i);
  const intervals = bootstrap(all, figures, options);
  return {
    classes: [...classes],
    confusion: confusionOf(t, p, k, all),
    accuracy: intervals[0]!,
    macroF1: intervals[1]!,
    recall: Object.fromEntries(classes.map((c, i) => [c, intervals[2 + i]!])),
  };
}

/** The outcome head: ROC AUC of its probabilities, plus the classification figures at `threshold`. */
export function outcomeMetrics(
  truth: readonly (0 | 1)[],
  probabilities: readonly number[],
  options: BootstrapOptions & { threshold?: number } = {},
): OutcomeMetrics {
  if (truth.length !== probabilities.length) throw new Error(`outcomeMetrics: ${truth.length} outcomes for ${probabilities.length} probabilities`);
  const threshold = options.threshold ?? 0.5;
  const classification = classificationMetrics(
    truth.map(String),
    probabilities.map((q) => (q >= threshold ? '1' : '0')),
    ['0', '1'],
    options,
  );
  const positives = truth.map((o) => o === 1);
  const auc = rocAucInterval(probabilities, positives, truth.map((_x, i) => i), options);
  return { ...classification, auc, threshold };
}

/** ROC AUC over `indexes` (into scores and positives) with its bootstrap interval; each resample counted in one pass (rocAucOfSamples). */
export function rocAucInterval(scores: readonly number[], positives: readonly boolean[], indexes: readonly number[], options: BootstrapOptions = {}): Interval {
  const aucOf = rocAucOfSamples(scores, positives, indexes);
  return bootstrap(indexes, (sample) => [aucOf(sample)], options)[0]!;
}

function confusionOf(t: readonly number[], p: readonly number[], k: number, sample: readonly number[]): number[][] {
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const i of sample) confusion[t[i]!]![p[i]!]!++;
  return confusion;
}

function accuracyOf(confusion: number[][]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, i) => row.forEach((n, j) => {
    total += n;
    if (i === j) correct += n;
  }));
  return correct / total;
}

function recallsOf(confusion: number[][]): number[] {
  return confusion.map((row, i) => {
    const support = row.reduce((a, b) => a + b, 0);
    return support === 0 ? Number.NaN : row[i]! / support;
  });
}

function macroF1Of(confusion: number[][]): number {
  const scores: number[] = [];
  confusion.forEach((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predictedAs = confusion.reduce((sum, r) => sum + r[c]!, 0);
    if (support === 0 && predictedAs === 0) return; // absent class: not averaged in
    scores.push(support + predictedAs === 0 ? 0 : (2 * tp) / (support + predictedAs));
  });
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

/** Estimates on the full sample and percentile intervals over seeded resamples, for every figure `figures` returns. */
export function bootstrap(
  all: readonly number[],
  figures: (sample: readonly number[]) => number[],
  options: BootstrapOptions = {},
): Interval[] {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const random = seedrandom.alea(options.seed ?? DEFAULT_BOOTSTRAP_SEED);
  const estimates = figures(all);
  const draws = estimates.map(() => [] as number[]);
  const sample = new Array<number>(all.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < all.length; i++) sample[i] = all[Math.floor(random() * all.length)]!;
    figures(sample).forEach((value, f) => {
      if (Number.isFinite(value)) draws[f]!.push(value);
    });
  }
  return estimates.map((estimate, f) => {
    const values = draws[f]!.sort((a, b) => a - b);
    return { estimate, low: percentile(values, 2.5), high: percentile(values, 97.5), resamples: values.length };
  });
}

/** Linear interpolation between closest ranks (numpy's default); NaN for no values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (q / 100) * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

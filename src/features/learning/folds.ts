// Stratified k-fold assignment: each class's examples are shuffled with a seeded
// generator (seedrandom's Alea, the same sequence in Node and browsers) and dealt round
// the folds, so every fold holds each class in proportion. Same labels and seed, same folds.
import seedrandom from 'seedrandom';

export const DEFAULT_FOLDS = 5;
export const DEFAULT_SEED = 'blastograde';
/** Fewer examples than this in a class give a head nothing stable to learn or measure. */
export const MIN_EXAMPLES_PER_CLASS = 5;
/** Majority : minority above this is warned about: a head can score well by ignoring the minority. */
export const HEAVY_IMBALANCE_RATIO = 10;

export interface FoldOptions {
  folds?: number;
  seed?: string;
  minPerClass?: number;
  /** Named in messages, e.g. "outcome". */
  labelName?: string;
}

export interface Fold {
  /** Indices into the labels given. */
  train: number[];
  test: number[];
}

export type FoldPlan =
  | { ok: true; folds: Fold[]; classCounts: Record<string, number>; warnings: string[] }
  | { ok: false; refusal: string; classCounts: Record<string, number> };

const describeCounts = (counts: ReadonlyMap<string, number>): string =>
  [...counts].map(([label, n]) => `"${label}": ${n}`).join(', ');

export function stratifiedFolds(labels: readonly (string | number)[], options: FoldOptions = {}): FoldPlan {
  const k = options.folds ?? DEFAULT_FOLDS;
  const minPerClass = options.minPerClass ?? MIN_EXAMPLES_PER_CLASS;
  const name = options.labelName ?? 'the label';
  if (!Number.isInteger(k) || k < 2) throw new Error(`stratifiedFolds: folds must be an integer of at least 2, not ${k}`);

  const byClass = new Map<string, number[]>();
  labels.forEach((label, index) => {
    const key = String(label);
    byClass.set(key, [...(byClass.get(key) ?? []), index]);
  });
  // Classes in a fixed order so the shuffles do not depend on which class came first.
  const classes = [...byClass.keys()].sort();
  const counts = new Map(classes.map((c) => [c, byClass.get(c)!.length]));
  const classCounts = Object.fromEntries(counts);

  if (classes.length < 2) {
    const found = classes.length === 0 ? 'no examples' : `only one class (${describeCounts(counts)})`;
    return { ok: false, refusal: `${capitalise(name)} has ${found}; learning it needs examples of at least two classes.`, classCounts };
  }
  const needed = Math.max(k, minPerClass);
  const short = classes.filter((c) => counts.get(c)! < needed);
  if (short.length > 0) {
    const details = short.map((c) => `"${c}" has ${counts.get(c)} (${needed - counts.get(c)!} more needed)`).join(', ');
    return {
      ok: false,
      refusal: `${capitalise(name)} needs at least ${needed} examples of each class for ${k}-fold cross-validation: ${details}.`,
      classCounts,
    };
  }

  const random = seedrandom.alea(options.seed ?? DEFAULT_SEED);
  const foldOf = new Array<number>(labels.length);
  let next = 0; // carries on across classes so fold sizes differ by at most one overall
  for (const c of classes) {
    for (const index of shuffled(byClass.get(c)!, random)) {
      foldOf[index] = next;
      next = (next + 1) % k;
    }
  }
  const folds: Fold[] = Array.from({ length: k }, (_, fold) => ({
    train: labels.map((_l, i) => i).filter((i) => foldOf[i] !== fold),
    test: labels.map((_l, i) => i).filter((i) => foldOf[i] === fold),
  }));

  const warnings: string[] = [];
  const sortedCounts = [...counts].sort((a, b) => b[1] - a[1]);
  const [majority, minority] = [sortedCounts[0]!, sortedCounts[sortedCounts.length - 1]!];
  const ratio = majority[1] / minority[1];
  if (ratio > HEAVY_IMBALANCE_RATIO) {
    warnings.push(
      `${capitalise(name)} is heavily imbalanced: "${majority[0]}" has ${majority[1]} examples, "${minority[0]}" ${minority[1]} ` +
        `(${ratio.toFixed(1)} : 1); read its per-class recall, not its accuracy.`,
    );
  }
  return { ok: true, folds, classCounts, warnings };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Fisher-Yates on a copy. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

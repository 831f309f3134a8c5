// L2-regularised logistic regression and its cross-validated ROC AUC: a small
// two-class probe ("can these features tell set A from set B?"). Hand-written
// because it is forty lines of arithmetic and the JS machine-learning libraries
// bring far more than a probe needs; features are standardised on each training
// fold, and plain gradient descent on a convex loss converges to the same
// answer whatever the start, so results depend only on the data and the seed.
import seedrandom from 'seedrandom';
import { rocAuc } from './roc-auc';

export interface LogisticModel {
  /** Per-feature mean and standard deviation of the training set (standardisation). */
  mean: Float64Array;
  scale: Float64Array;
  weights: Float64Array;
  bias: number;
}

export interface LogisticOptions {
  /** L2 penalty on the weights (not the bias), per example. Default 0.01. */
  l2?: number;
  /** Gradient-descent steps. Default 400. */
  iterations?: number;
  /** Step size on standardised features. Default 0.5. */
  learningRate?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fitLogistic(rows: readonly ArrayLike<number>[], labels: readonly boolean[], options: LogisticOptions = {}): LogisticModel {
  const n = rows.length;
  if (n === 0 || n !== labels.length) throw new Error(`fitLogistic: ${n} rows for ${labels.length} labels`);
  const d = rows[0]!.length;
  const l2 = options.l2 ?? 0.01;
  const iterations = options.iterations ?? 400;
  const rate = options.learningRate ?? 0.5;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j]! / n;
  for (const r of rows) for (let j = 0; j < d; j++) scale[j] += (r[j]! - mean[j]) ** 2 / n;
  // a constant feature carries nothing: scale 1 keeps it at zero instead of dividing by zero
  for (let j = 0; j < d; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
  const x = rows.map((r) => Float64Array.from({ length: d }, (_, j) => (r[j]! - mean[j]) / scale[j]));
  const weights = new Float64Array(d);
  let bias = 0;
  const grad = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let gradBias = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      let z = bias;
      for (let j = 0; j < d; j++) z += weights[j] * xi[j];
      const err = sigmoid(z) - (labels[i] ? 1 : 0);
      gradBias += err;
      for (let j = 0; j < d; j++) grad[j] += err * xi[j];
    }
    for (let j = 0; j < d; j++) weights[j] -= rate * (grad[j] / n + l2 * weights[j]);
    bias -= (rate * gradBias) / n;
  }
  return { mean, scale, weights, bias };
}

/** Probability of the positive class. */
export function predictLogistic(model: LogisticModel, row: ArrayLike<number>): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += (model.weights[j] * (row[j]! - model.mean[j])) / model.scale[j];
  return sigmoid(z);
}

/** Stratified fold of each example: positives and negatives each shuffled (seeded) and dealt round-robin. */
export function stratifiedFolds(labels: readonly boolean[], folds: number, seed: string): number[] {
  const rng = seedrandom.alea(seed);
  const fold = new Array<number>(labels.length);
  for (const cls of [true, false]) {
    const idx = labels.flatMap((l, i) => (l === cls ? [i] : []));
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((i, k) => (fold[i] = k % folds));
  }
  return fold;
}

export interface CrossValidatedAuc {
  /** ROC AUC of all out-of-fold scores together. */
  auc: number;
  /** ROC AUC within each fold. */
  foldAucs: number[];
  /** Out-of-fold probability of the positive class, per example. */
  scores: number[];
}

/** k-fold cross-validated ROC AUC of a logistic regression: 0.5 = the two classes cannot be told apart. */
export function crossValidatedAuc(rows: readonly ArrayLike<number>[], labels: readonly boolean[], options: LogisticOptions & { folds?: number; seed?: string } = {}): CrossValidatedAuc {
  const folds = options.folds ?? 5;
  const fold = stratifiedFolds(labels, folds, options.seed ?? 'cv');
  const scores = new Array<number>(rows.length).fill(Number.NaN);
  const foldAucs: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train = rows.flatMap((_, i) => (fold[i] !== f ? [i] : []));
    const test = rows.flatMap((_, i) => (fold[i] === f ? [i] : []));
    if (test.length === 0) continue;
    const model = fitLogistic(train.map((i) => rows[i]!), train.map((i) => labels[i]!), options);
    for (const i of test) scores[i] = predictLogistic(model, rows[i]!);
    foldAucs.push(rocAuc(test.map((i) => scores[i]!), test.map((i) => labels[i]!)));
  }
  return { auc: rocAuc(scores, labels), foldAucs, scores };
}

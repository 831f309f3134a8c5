// learnFromExamples: checks every label can be learned and measured (refusing before any
// training otherwise), cross-validates each label against the base model on the same folds,
// once per offered feature set (gap, blocks 3+4+5 mean) to choose the one its head reads,
// runs the learning curve for the chosen set, fits on all examples, and writes the package.
import { CURVE_FRACTIONS, foldsToScore, learningCurve, stratifiedFolds, type CurveLabelInput, type Fold, type LearningCurve } from '../../learning/headless';
import type { LoadedModelPackage } from '../../inference/headless';
import { baseHeads, expectedGrade, featureLayout, type BaseHead } from './base-heads';
import { chooseFeatureSet, comparisonFolds } from './choose-feature-set';
import { examplesLayout, featuresOfSet, setOf, type FeatureSet } from './feature-layout';
import { featureMeans, headOnSet } from './head-on-set';
import { gradeValidation, heldOut, heldOutAuc, heldOutMacroF1, learnedMacroF1, learnedOutcomeAuc, outcomeValidation, outOfFoldGrade, outOfFoldOutcome, type FoldContext } from './cross-validate';
import { headProbabilities, type DenseHead } from './dense-head';
import { inProcessFitter, type HeadFitTask } from './head-fitter';
import { TRAINING } from './settings';
import {
  LearnError,
  type GradeLabel,
  type LabelReport,
  type LearnedPackage,
  type LearningExample,
  type LearnLabel,
  type LearnOptions,
  type LearnReport,
} from './types';
import { withinExpansionReport } from './within-expansion';
import { writeLearnedPackage, type FittedHeads } from './write-package';

export const DEFAULT_LEARN_SEED = 1;
const GRADE_LABELS: GradeLabel[] = ['expansion', 'icm', 'te'];

interface LabelPlan {
  label: LearnLabel;
  /** Indexes into the examples that carry this label. */
  indexes: number[];
  /** The label's value per example, as text (what the folds stratify on). */
  values: string[];
  targets: number[];
  folds: Fold[];
  classCounts: Record<string, number>;
  warnings: string[];
  base?: BaseHead;
}

const pick = <T>(items: readonly T[], indexes: readonly number[]): T[] => indexes.map((i) => items[i]!);

/** A subset's fold context for the learning curve: its own folds and bootstrap seed, the same progress and cancel. */
function curveContext(context: FoldContext, folds: Fold[], fraction: number): FoldContext {
  return { ...context, folds, bootstrapSeed: `${context.bootstrapSeed}/curve/${fraction}` };
}

/** The promise, marked handled: it is awaited later, and a failure meanwhile (another await failing first) must not also be an unhandled rejection. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

function planLabels(examples: readonly Pick<LearningExample, 'labels'>[], heads: readonly BaseHead[], folds: number, seed: number): { plans: LabelPlan[]; skipped: LearnReport['skipped'] } {
  const plans: LabelPlan[] = [];
  const skipped: LearnReport['skipped'] = [];
  for (const label of [...GRADE_LABELS, 'outcome'] as const) {
    const indexes = examples.map((e, i) => (e.labels[label] !== undefined ? i : -1)).filter((i) => i >= 0);
    if (indexes.length === 0) {
      skipped.push({ label, reason: 'no example carries this label' });
      continue;
    }
    const base = label === 'outcome' ? undefined : heads.find((h) => h.label === label);
    if (label !== 'outcome' && !base) throw new LearnError(`The examples carry ${label} grades but the model has no ${label} head.`);
    const values = indexes.map((i) => String(examples[i]!.labels[label]));
    if (base) {
      const unknown = [...new Set(values.filter((v) => !base.classes.includes(v)))];
      if (unknown.length) throw new LearnError(`${label}: ${unknown.map((v) => `"${v}"`).join(', ')} is not one of the model's classes (${base.classes.join(', ')}).`);
    }
    const plan = stratifiedFolds(values, { folds, seed: String(seed), labelName: label });
    if (!plan.ok) throw new LearnError(plan.refusal);
    const targets = base ? values.map((v) => base.classes.indexOf(v)) : values.map(Number);
    plans.push({ label, indexes, values, targets, folds: plan.folds, classCounts: plan.classCounts, warnings: plan.warnings, base });
  }
  if (plans.length === 0) throw new LearnError('No example carries a label (expansion, icm, te or outcome); there is nothing to learn.');
  return { plans, skipped };
}

/**
 * Throws the LearnError learnFromExamples would throw for these labels (a class too small,
 * one class only, a grade the model lacks), without any features: check before preparing images.
 */
export function checkLearnable(base: LoadedModelPackage, labels: readonly LearningExample['labels'][], options: Pick<LearnOptions, 'folds' | 'seed'> = {}): LearnLabel[] {
  return planLabels(labels.map((l) => ({ labels: l })), baseHeads(base), options.folds ?? 5, options.seed ?? DEFAULT_LEARN_SEED).plans.map((p) => p.label);
}

export async function learnFromExamples(base: LoadedModelPackage, examples: LearningExample[], options: LearnOptions = {}): Promise<LearnedPackage> {
  const folds = options.folds ?? 5;
  const seed = options.seed ?? DEFAULT_LEARN_SEED;
  if (!Number.isInteger(folds) || folds < 2) throw new LearnError(`Folds must be a whole number of at least 2, not ${folds}.`);
  if (!Number.isInteger(seed)) throw new LearnError(`The seed must be a whole number, not ${seed}.`);
  const heads = baseHeads(base);
  const layout = examplesLayout(featureLayout(base), examples);
  const { plans, skipped } = planLabels(examples, heads, folds, seed);
  const signal = options.signal;
  const progress = options.onProgress;
  const yieldToCaller = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  const started = performance.now();
  const expansion = heads.find((h) => h.label === 'expansion');
  const curveFractions = options.curve === false ? [] : CURVE_FRACTIONS.filter((f) => f < 1);
  // Per label the offered sets are compared on its first folds (foldsToScore) and the chosen one
  // fitted on the rest; the curve fits and scores as many of each subset's folds.
  const compared = (plan: LabelPlan) => comparisonFolds(plan.indexes.length, folds, layout.sets.length);
  const totalFolds = plans.reduce(
    (sum, plan) => sum + layout.sets.length * compared(plan) + (folds - compared(plan)) + curveFractions.reduce((s, f) => s + foldsToScore(Math.round(f * plan.indexes.length), folds), 0),
    0,
  );
  let foldsDone = 0;
  let validated = 0;
  let curveEnded = 0;

  const fitter = options.fitter ?? inProcessFitter;
  let finalFits = 0;
  /** The head fitted on all of a label's examples, with the chosen set (what the package keeps). */
  const finalFit = async (task: HeadFitTask, label: LearnLabel) => {
    const head = await fitter.fit(task, signal);
    progress?.({ stage: 'final-fit', done: ++finalFits, total: plans.length, label });
    return head;
  };
  /** A label's learning curve, its folds handed to the fitter now (none when the curve is off). */
  const labelCurve = (input: CurveLabelInput): Promise<LearningCurve | undefined> =>
    curveFractions.length > 0 ? learningCurve([input], { folds, seed, signal, onSkipped: (n) => void (foldsDone += n) }) : Promise.resolve(undefined);
  /** One label: the sets compared, the chosen one cross-validated on every fold, then its learning curve; all labels run at once, so a pool of fit workers always has fits to run. */
  const learnLabel = async (plan: LabelPlan) => {
    const full = plan.indexes.map((i) => examples[i]!.features);
    const means = featureMeans(full);
    const ofSet = (set: FeatureSet) => featuresOfSet(set, full);
    const context: FoldContext = {
      folds: plan.folds,
      bootstrapSeed: `blastograde-bootstrap/${seed}`,
      signal,
      fitter: options.fitter,
      onFold: (fold: number) => progress?.({ stage: 'cross-validation', done: ++foldsDone, total: totalFolds, label: plan.label, fold }),
    };
    /** The comparison's folds, and the rest (numbered on from them in progress). */
    const onFirst = compared(plan);
    const first: FoldContext = { ...context, folds: plan.folds.slice(0, onFirst) };
    const rest: FoldContext = { ...context, folds: plan.folds.slice(onFirst), onFold: (fold) => context.onFold!(fold + onFirst) };
    const comparison = { folds: onFirst, of: folds, examples: heldOut(first).length };
    signal?.throwIfAborted();
    await yieldToCaller();
    const common = { examples: plan.indexes.length, classCounts: plan.classCounts, warnings: plan.warnings };
    let report: LabelReport;
    let curve: Promise<LearningCurve | undefined>;
    let chosen: { set: FeatureSet; features: Float32Array[]; start?: DenseHead; head: Promise<DenseHead> };
    if (plan.label === 'outcome') {
      if (!expansion) throw new LearnError('Learning the outcome compares it with the base model’s expansion grade; this model has no expansion head.');
      const targets = plan.targets as (0 | 1)[];
      const baseScore = expectedGrade(expansion.classes, headProbabilities(expansion.head, ofSet(setOf(layout, expansion.reads))));
      // The sets' comparison folds go to the fitter together, so a pool of fit workers runs them side by side.
      const candidates = await Promise.all(
        layout.sets.map(async (set) => {
          const learned = await outOfFoldOutcome(ofSet(set), targets, first);
          return { set, features: ofSet(set), learned, figure: heldOutAuc(targets, learned, first) };
        }),
      );
      const choice = chooseFeatureSet(candidates, 'ROC AUC', comparison);
      const { set, features, learned } = candidates.find((c) => c.set.name === choice.chosen)!;
      // Once chosen, the final fit, the other folds and the curve go to the fitter together.
      chosen = { set, features, head: handled(finalFit({ kind: 'outcome', features, targets }, plan.label)) };
      const figures = outOfFoldOutcome(features, targets, rest).then((more) => outcomeValidation(targets, baseScore, Array.from(learned, (p, i) => p ?? more[i]!), context));
      curve = handled(labelCurve({
        label: 'outcome',
        figure: 'ROC AUC',
        values: plan.values,
        full: figures.then((f) => f.learned.auc),
        measure: (subset, subsetFolds, fraction) => learnedOutcomeAuc(pick(features, subset), pick(targets, subset), curveContext(context, subsetFolds, fraction)),
      }));
      report = {
        label: 'outcome',
        ...common,
        positiveLabel: options.positiveLabel ?? 'good',
        baseComparator: "the base model's expected expansion grade (probability-weighted, 1-6), scored as it is for ROC AUC, and made a probability per fold by a one-variable logistic fit on the training folds for the figures at a threshold",
        ...(await figures),
        featureSet: choice,
      };
    } else {
      const grade = plan.label;
      const base = plan.base!;
      const baseSet = setOf(layout, base.reads);
      const baseProbabilities = headProbabilities(base.head, ofSet(baseSet));
      const candidates = await Promise.all(
        layout.sets.map(async (set) => {
          const start = headOnSet(base.head, baseSet, set, means);
          const learned = await outOfFoldGrade(start, ofSet(set), plan.targets, first);
          return { set, start, features: ofSet(set), learned, figure: heldOutMacroF1(grade, base.classes, plan.targets, learned, first) };
        }),
      );
      const choice = chooseFeatureSet(candidates, 'macro-F1', comparison);
      const { set, start, features, learned } = candidates.find((c) => c.set.name === choice.chosen)!;
      chosen = { set, features, start, head: handled(finalFit({ kind: 'grade', base: start, features, targets: plan.targets }, plan.label)) };
      const validation = outOfFoldGrade(start, features, plan.targets, rest).then((more) =>
        gradeValidation(grade, baseProbabilities, base.classes, plan.targets, Array.from(learned, (p, i) => p ?? more[i]!), context.bootstrapSeed),
      );
      curve = handled(labelCurve({
        label: grade,
        figure: 'macro-F1',
        values: plan.values,
        full: validation.then((v) => v.learned.macroF1),
        measure: (subset, subsetFolds, fraction) =>
          learnedMacroF1(grade, start, base.classes, pick(features, subset), pick(plan.targets, subset), curveContext(context, subsetFolds, fraction)),
      }));
      const { base: baseFigures, learned: learnedFigures, probabilities } = await validation;
      const within =
        grade === 'icm' || grade === 'te'
          ? withinExpansionReport({
            label: grade,
            classes: base.classes,
            targets: plan.targets,
            expansion: plan.indexes.map((i) => examples[i]!.labels.expansion),
            probabilities,
            bootstrapSeed: context.bootstrapSeed,
          })
          : undefined;
      report = { label: grade, ...common, base: baseFigures, learned: learnedFigures, ...(within ? { withinExpansion: within } : {}), featureSet: choice };
    }
    validated = Math.max(validated, performance.now());
    const labelCurves = await curve;
    curveEnded = Math.max(curveEnded, performance.now());
    return { report, chosen: { ...chosen, head: await chosen.head }, curve: labelCurves };
  };
  const learnedLabels = await Promise.all(plans.map(learnLabel));
  const perLabel = learnedLabels.map((l) => l.report);
  const chosen = new Map(plans.map((plan, i) => [plan.label, learnedLabels[i]!.chosen]));
  const curves = learnedLabels.flatMap((l) => (l.curve ? [l.curve] : []));
  const curve: LearningCurve | undefined = curves.length > 0 ? { ...curves[0]!, labels: curves.flatMap((c) => c.labels) } : undefined;
  const curveDone = performance.now();
  const finalHeads = plans.map((plan) => chosen.get(plan.label)!.head);
  const fitted: FittedHeads = { grades: [] };
  for (const [index, plan] of plans.entries()) {
    const { set } = chosen.get(plan.label)!;
    if (plan.label === 'outcome') fitted.outcome = { set, head: finalHeads[index]! };
    else fitted.grades.push({ base: plan.base!, set, head: finalHeads[index]! });
  }
  const report: LearnReport = {
    method: 'heads-retrained',
    folds,
    seed,
    examples: examples.length,
    labels: plans.map((p) => p.label),
    skipped,
    skippedImages: options.skippedImages ?? [],
    perLabel,
    training: TRAINING,
    warnings: plans.flatMap((p) => p.warnings),
    // Each label's final fit, remaining folds and curve go to the fitter together once its set is chosen: cross-validation counts until the last label's is done, the curve from then, the final fit what is left after the curves.
    seconds: {
      crossValidation: Math.round(((validated || curveDone) - started) / 100) / 10,
      finalFit: seconds(curveDone),
      ...(curve ? { curve: Math.round((Math.max(curveEnded, validated) - validated) / 100) / 10 } : {}),
    },
    ...(curve ? { curve } : {}),
  };
  progress?.({ stage: 'writing', done: 0, total: 1 });
  const pkg = await writeLearnedPackage(base, layout, examples, fitted, report, options);
  progress?.({ stage: 'writing', done: 1, total: 1 });
  return pkg;
}

// learnFromExamples: checks every label can be learned and measured (refusing before any
// training otherwise), cross-validates each label against the base model on the same folds,
// once per offered feature set (gap, blocks 3+4+5 mean) to choose the one its head reads,
// runs the learning curve for the chosen set, fits on all examples, and writes the package.
import { CURVE_FRACTIONS, learningCurve, stratifiedFolds, type CurveLabelInput, type Fold, type LearningCurve } from '../../learning/headless';
import type { LoadedModelPackage } from '../../inference/headless';
import { baseHeads, expectedGrade, featureLayout, type BaseHead } from './base-heads';
import { chooseFeatureSet } from './choose-feature-set';
import { examplesLayout, featuresOfSet, setOf, type FeatureSet } from './feature-layout';
import { featureMeans, headOnSet } from './head-on-set';
import { learnedMacroF1, learnedOutcomeAuc, validateGradeLabel, validateOutcome, type FoldContext } from './cross-validate';
import { headProbabilities, type DenseHead } from './dense-head';
import { inProcessFitter } from './head-fitter';
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
  const perLabel: LabelReport[] = [];
  const expansion = heads.find((h) => h.label === 'expansion');
  const curveFractions = options.curve === false ? [] : CURVE_FRACTIONS.filter((f) => f < 1);
  // Every offered set is cross-validated on the full data; the curve runs for the chosen set only.
  const totalFolds = plans.length * folds * (layout.sets.length + curveFractions.length);
  let foldsDone = 0;
  /** Per label, how to cross-validate its head on a subset, for the learning curve. */
  const curveInputs: CurveLabelInput[] = [];
  /** Per label, the chosen set, its features and the head a grade head starts from: what the final fit uses. */
  const chosen = new Map<LearnLabel, { set: FeatureSet; features: Float32Array[]; start?: DenseHead }>();
  for (const plan of plans) {
    const full = plan.indexes.map((i) => examples[i]!.features);
    const means = featureMeans(full);
    const ofSet = (set: FeatureSet) => featuresOfSet(set, full);
    const context = {
      folds: plan.folds,
      bootstrapSeed: `blastograde-bootstrap/${seed}`,
      signal,
      fitter: options.fitter,
      onFold: (fold: number) => progress?.({ stage: 'cross-validation', done: ++foldsDone, total: totalFolds, label: plan.label, fold }),
    };
    signal?.throwIfAborted();
    await yieldToCaller();
    const common = { examples: plan.indexes.length, classCounts: plan.classCounts, warnings: plan.warnings };
    if (plan.label === 'outcome') {
      if (!expansion) throw new LearnError('Learning the outcome compares it with the base model’s expansion grade; this model has no expansion head.');
      const baseScore = expectedGrade(expansion.classes, headProbabilities(expansion.head, ofSet(setOf(layout, expansion.reads))));
      // The sets' folds go to the fitter together, so a pool of fit workers runs them side by side.
      const candidates = await Promise.all(
        layout.sets.map(async (set) => ({ set, features: ofSet(set), figures: await validateOutcome(ofSet(set), plan.targets as (0 | 1)[], baseScore, context) })),
      );
      const choice = chooseFeatureSet(candidates.map((c) => ({ set: c.set, figure: c.figures.learned.auc })), 'ROC AUC');
      const { set, features, figures } = candidates.find((c) => c.set.name === choice.chosen)!;
      chosen.set('outcome', { set, features });
      curveInputs.push({
        label: 'outcome',
        figure: 'ROC AUC',
        values: plan.values,
        full: figures.learned.auc,
        measure: (subset, subsetFolds, fraction) =>
          learnedOutcomeAuc(pick(features, subset), pick(plan.targets, subset) as (0 | 1)[], curveContext(context, subsetFolds, fraction)),
      });
      perLabel.push({
        label: 'outcome',
        ...common,
        positiveLabel: options.positiveLabel ?? 'good',
        baseComparator: "the base model's expected expansion grade (probability-weighted, 1-6), scored as it is for ROC AUC, and made a probability per fold by a one-variable logistic fit on the training folds for the figures at a threshold",
        ...figures,
        featureSet: choice,
      });
    } else {
      const grade = plan.label;
      const base = plan.base!;
      const baseSet = setOf(layout, base.reads);
      const baseProbabilities = headProbabilities(base.head, ofSet(baseSet));
      const candidates = await Promise.all(
        layout.sets.map(async (set) => {
          const start = headOnSet(base.head, baseSet, set, means);
          return { set, start, features: ofSet(set), validation: await validateGradeLabel(grade, baseProbabilities, start, base.classes, ofSet(set), plan.targets, context) };
        }),
      );
      const choice = chooseFeatureSet(candidates.map((c) => ({ set: c.set, figure: c.validation.learned.macroF1 })), 'macro-F1');
      const { set, start, features, validation } = candidates.find((c) => c.set.name === choice.chosen)!;
      chosen.set(plan.label, { set, features, start });
      const { base: baseFigures, learned, probabilities } = validation;
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
      perLabel.push({ label: grade, ...common, base: baseFigures, learned, ...(within ? { withinExpansion: within } : {}), featureSet: choice });
      curveInputs.push({
        label: grade,
        figure: 'macro-F1',
        values: plan.values,
        full: learned.macroF1,
        measure: (subset, subsetFolds, fraction) =>
          learnedMacroF1(grade, start, base.classes, pick(features, subset), pick(plan.targets, subset), curveContext(context, subsetFolds, fraction)),
      });
    }
  }
  const validated = performance.now();
  let curve: LearningCurve | undefined;
  if (curveFractions.length > 0) {
    curve = await learningCurve(curveInputs, {
      folds,
      seed,
      signal,
      onSkipped: (n) => {
        foldsDone += n;
      },
    });
  }
  const curveDone = performance.now();

  // The final fits, one per label, handed to the fitter together.
  const fitter = options.fitter ?? inProcessFitter;
  let finalFits = 0;
  const finalHeads = await Promise.all(
    plans.map(async (plan) => {
      const { features, start } = chosen.get(plan.label)!;
      const head = await fitter.fit(plan.label === 'outcome' ? { kind: 'outcome', features, targets: plan.targets as (0 | 1)[] } : { kind: 'grade', base: start!, features, targets: plan.targets }, signal);
      progress?.({ stage: 'final-fit', done: ++finalFits, total: plans.length, label: plan.label });
      return head;
    }),
  );
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
    seconds: {
      crossValidation: Math.round((validated - started) / 100) / 10,
      finalFit: seconds(curveDone),
      ...(curve ? { curve: Math.round((curveDone - validated) / 100) / 10 } : {}),
    },
    ...(curve ? { curve } : {}),
  };
  progress?.({ stage: 'writing', done: 0, total: 1 });
  const pkg = await writeLearnedPackage(base, layout, examples, fitted, report, options);
  progress?.({ stage: 'writing', done: 1, total: 1 });
  return pkg;
}

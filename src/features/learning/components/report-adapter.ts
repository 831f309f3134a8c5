// The engine's cross-validated report turned into what the report view shows: per label,
// base and learned on the same folds, and a label the engine skipped with its reason.
// (The report's shape is learning's own, learn-report.ts: nothing of the engine reaches the page.)
import { predictFigure } from '../curve-fit';
import type { Interval } from '../metrics';
import { FEATURE_SET_TITLES, type FeatureSetChoice, type LabelCurve, type LearnReport } from '../learn-report';
import { plural } from '../plural';
import { LABEL_CLASSES } from '../types';
import type { CurveView, FigureRow, IntervalView, LabelReportView, SkippedImagesView } from './report-view';

const interval = (i: Interval | undefined | null): IntervalView | null => (i ? { estimate: i.estimate, low: i.low, high: i.high } : null);

/** Samples of the fitted line between the smallest measured size and twice the largest. */
const FIT_SAMPLES = 24;

export function curveView(curve: LabelCurve): CurveView {
  const points = curve.points
    .filter((p) => Number.isFinite(p.figure.estimate))
    .map((p) => ({ fraction: p.fraction, examples: p.examples, estimate: p.figure.estimate, low: p.figure.low, high: p.figure.high }));
  const fitLine: CurveView['fitLine'] = [];
  if (curve.fit && points.length > 0) {
    const from = Math.log(points[0]!.examples);
    const to = Math.log(curve.doubled?.examples ?? points[points.length - 1]!.examples);
    for (let s = 0; s <= FIT_SAMPLES; s++) {
      const examples = Math.exp(from + ((to - from) * s) / FIT_SAMPLES);
      fitLine.push({ examples, figure: predictFigure(curve.fit, examples) });
    }
  }
  const notes = [...curve.skipped.map((s) => s.reason), ...(curve.noFit ? [curve.noFit] : [])];
  return { figure: curve.figure, points, fitLine, doubled: curve.doubled ? { ...curve.doubled } : null, notes };
}

/** "Features: blocks 3+4+5 mean (320 values), chosen on 2 of the 5 cross-validation folds (440 held-out examples): macro-F1 0.90; gap (128 values) 0.74." */
export function featureSetLine(choice: FeatureSetChoice): string {
  const chosen = choice.candidates.find((c) => c.set === choice.chosen)!;
  const others = choice.candidates.filter((c) => c !== chosen).map((c) => `${FEATURE_SET_TITLES[c.set]} (${c.values} values) ${c.figure.estimate.toFixed(2)}`);
  const how = choice.comparedOn && choice.comparedOn.folds < choice.comparedOn.of
    ? `chosen on ${choice.comparedOn.folds} of the ${choice.comparedOn.of} cross-validation folds (${choice.comparedOn.examples} held-out examples)`
    : 'chosen by cross-validation';
  return `Features: ${FEATURE_SET_TITLES[chosen.set]} (${chosen.values} values), ${how}: ${choice.figure} ${chosen.figure.estimate.toFixed(2)}${others.length ? `; ${others.join('; ')}` : ''}.`;
}

export function reportView(report: LearnReport): LabelReportView[] {
  const trained = report.perLabel.map((entry): LabelReportView => {
    const { base, learned } = entry;
    const figures: FigureRow[] = [];
    if (entry.label === 'outcome') figures.push({ figure: 'ROC AUC', base: interval(entry.base.auc), learned: interval(entry.learned.auc) });
    figures.push({ figure: 'macro-F1', base: interval(base.macroF1), learned: interval(learned.macroF1) });
    for (const c of learned.classes) figures.push({ figure: `recall ${c}`, base: interval(base.recall[c]), learned: interval(learned.recall[c]) });
    const order = LABEL_CLASSES[entry.label];
    const examples = Object.entries(entry.classCounts).sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    const warnings = [...entry.warnings];
    if (entry.label === 'outcome') warnings.push(`The base model is scored by ${entry.baseComparator}`);
    const view: LabelReportView = { label: entry.label, examples, figures, confusion: { classes: learned.classes, base: base.confusion, learned: learned.confusion }, warnings, refusal: null };
    const within = entry.label !== 'outcome' ? entry.withinExpansion : undefined;
    if (within) {
      const vs = `${within.positiveClass} vs rest`;
      if (within.overall) figures.push({ figure: `ROC AUC ${vs}`, base: interval(within.overall.base), learned: interval(within.overall.learned) });
      if (within.within) figures.push({ figure: `ROC AUC ${vs}, same expansion`, base: interval(within.within.base), learned: interval(within.within.learned) });
      view.withinExpansion = { positiveClass: within.positiveClass, verdict: within.verdict, learnedExpansionOnly: within.learnedExpansionOnly, note: within.note };
    }
    const curve = report.curve?.labels.find((c) => c.label === entry.label);
    if (curve) view.curve = curveView(curve);
    if (entry.featureSet) view.featureSet = { chosen: entry.featureSet.chosen, line: featureSetLine(entry.featureSet) };
    return view;
  });
  // Labels no example carried are not news; a label refused for too few examples is.
  const skipped = report.skipped.filter((s) => !/no example/i.test(s.reason)).map((s): LabelReportView => ({ label: s.label, examples: [], figures: [], confusion: { classes: [] }, warnings: [], refusal: s.reason }));
  return [...trained, ...skipped];
}

/** The images a run left out, with why, and the sentence above them; null when none was. */
export function skippedImagesView(report: Pick<LearnReport, 'examples' | 'skippedImages'>): SkippedImagesView | null {
  const images = report.skippedImages ?? [];
  if (images.length === 0) return null;
  const n = images.length;
  return {
    headline: `${plural(n, 'image')} could not be used and ${n === 1 ? 'was' : 'were'} left out; learned from the other ${report.examples}:`,
    images,
  };
}

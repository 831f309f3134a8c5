// The engine's cross-validated report turned into what the report view shows: per label,
// base and learned on the same folds, and a label the engine skipped with its reason.
// (The report's shape is learning's own, learn-report.ts: nothing of the engine reaches the page.)
import type { Interval } from '../metrics';
import type { LearnReport } from '../learn-report';
import { plural } from '../plural';
import { LABEL_CLASSES } from '../types';
import type { FigureRow, IntervalView, LabelReportView, SkippedImagesView } from './report-view';

const interval = (i: Interval | undefined): IntervalView | null => (i ? { estimate: i.estimate, low: i.low, high: i.high } : null);

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
    return { label: entry.label, examples, figures, confusion: { classes: learned.classes, base: base.confusion, learned: learned.confusion }, warnings, refusal: null };
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

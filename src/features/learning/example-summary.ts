// What the examples in hand allow, per label, before anything trains: how many of each
// class, whether cross-validation can run (else the number still needed) and imbalance
// warnings, from the same fold planner the training uses.
import type { ExampleLabels } from './example-store';
import { DEFAULT_FOLDS, stratifiedFolds } from './folds';
import { LABEL_COLUMNS, LABEL_CLASSES, type LabelColumn } from './types';

export interface LabelSummary {
  label: LabelColumn;
  /** Examples per class, in the scale's order (classes with none left out). */
  counts: [label: string, count: number][];
  total: number;
  /** Why this label cannot be learned yet (e.g. how many more examples a class needs). */
  refusal: string | null;
  warnings: string[];
}

export function summariseLabels(examples: readonly { labels: ExampleLabels }[], folds = DEFAULT_FOLDS): LabelSummary[] {
  const out: LabelSummary[] = [];
  for (const label of LABEL_COLUMNS) {
    const values = examples.map((e) => e.labels[label]).filter((v) => v !== undefined).map(String);
    if (values.length === 0) continue;
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const order = LABEL_CLASSES[label];
    const sorted = [...counts].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
    const plan = stratifiedFolds(values, { folds, labelName: label });
    out.push({ label, counts: sorted, total: values.length, refusal: plan.ok ? null : plan.refusal, warnings: plan.ok ? plan.warnings : [] });
  }
  return out;
}

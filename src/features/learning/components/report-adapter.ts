// The engine's cross-validated report turned into what the report view shows. Read
// defensively: a label the engine skipped (refused) still shows its reason.
import type { ClassificationMetrics, Interval, OutcomeMetrics } from '../metrics';
import { LABEL_COLUMNS } from '../types';
import type { FigureRow, IntervalView, LabelReportView } from './report-view';

type Metrics = ClassificationMetrics & Partial<Pick<OutcomeMetrics, 'auc'>>;

interface LabelEntry {
  label?: string;
  base?: Metrics | null;
  learned?: Metrics | null;
  classCounts?: Record<string, number>;
  examplesPerClass?: Record<string, number>;
  warnings?: string[];
  refusal?: string | null;
}

const interval = (i: Interval | undefined | null): IntervalView | null => (i ? { estimate: i.estimate, low: i.low, high: i.high } : null);

function entries(report: unknown): [string, LabelEntry][] {
  if (!report || typeof report !== 'object') return [];
  const r = report as Record<string, unknown>;
  const list = (r.labels ?? r.heads) as unknown;
  if (Array.isArray(list)) return list.map((e: LabelEntry) => [String(e.label ?? (e as { name?: string }).name), e]);
  const holder = (list && typeof list === 'object' ? list : r) as Record<string, LabelEntry>;
  return LABEL_COLUMNS.filter((c) => holder[c] && typeof holder[c] === 'object').map((c) => [c, holder[c]!]);
}

export function reportView(report: unknown): LabelReportView[] {
  return entries(report).map(([label, e]) => {
    const learned = e.learned ?? null;
    const base = e.base ?? null;
    const classes = learned?.classes ?? base?.classes ?? [];
    const figures: FigureRow[] = [];
    if (learned?.auc || base?.auc) figures.push({ figure: 'ROC AUC', base: interval(base?.auc), learned: interval(learned?.auc) });
    if (learned || base) figures.push({ figure: 'macro-F1', base: interval(base?.macroF1), learned: interval(learned?.macroF1) });
    for (const c of classes) figures.push({ figure: `recall ${c}`, base: interval(base?.recall?.[c]), learned: interval(learned?.recall?.[c]) });
    const counts = e.classCounts ?? e.examplesPerClass ?? {};
    return {
      label,
      examples: Object.entries(counts),
      figures,
      confusion: { classes, base: base?.confusion, learned: learned?.confusion },
      warnings: e.warnings ?? [],
      refusal: e.refusal ?? null,
    };
  });
}

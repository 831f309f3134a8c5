// What a model card's free-form metrics say about how far to trust each grade, in the form
// a person reads: held-out phantom macro-F1 beside the ROC AUC measured on real embryos (and
// after label-free adaptation), with a plain verdict for the real figures. Phantom scores say
// only that the model learned the synthetic images; the real figures are the ones that count.
// Pure and defensive: `metrics` is free-form in the schema, so anything missing or malformed
// is simply not shown.
import type { ModelCard } from './model-card';

/** An adapted card's metrics key for its base model's figures: they describe the base, not these weights. */
export const BEFORE_ADAPTATION = 'beforeAdaptation';

export type RealVerdict = 'inverted' | 'chance' | 'weak' | 'signal';

export interface FigureRow {
  /** 'ranking' or a head name. */
  name: string;
  /** Held-out phantom macro-F1 and its image count (heads only). */
  phantomMacroF1: number | null;
  phantomN: number | null;
  /** ROC AUC, good vs not good, on real embryos. */
  realRocAuc: number | null;
  /** The same after label-free adaptation to those embryos' lab. */
  adaptedRocAuc: number | null;
  verdict: RealVerdict | null;
}

export interface ModelFigures {
  rows: FigureRow[];
  /** What the phantom figures were measured on (the card's words). */
  phantomData: string | null;
  /** What the real figures were measured on (the card's words). */
  realData: string | null;
  /** How many real images the figures were measured on. */
  realN: number | null;
  /** Set when the figures are the base model's, measured before this model was adapted from it ("default 0.2.0"). */
  baseModel: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOrNull = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/**
 * Bands for a ROC AUC on a small real set. Differences of about 0.05 around 0.5 are within what
 * rotating the crops alone moves a figure on 140 images, so 0.45-0.55 reads as chance.
 */
export function realVerdict(auc: number): RealVerdict {
  if (auc < 0.45) return 'inverted';
  if (auc < 0.55) return 'chance';
  if (auc < 0.7) return 'weak';
  return 'signal';
}

/** One sentence per verdict, for the figures table and the warning. */
export function verdictText(verdict: RealVerdict, auc: number): string {
  const pairs = `a good embryo scored above a not-good one in ${Math.round(auc * 100)} % of pairs`;
  switch (verdict) {
    case 'inverted':
      return `inverted: ${pairs}; higher grades went with embryos the lab called not good`;
    case 'chance':
      return `no better than chance (${pairs}; 50 % is chance)`;
    case 'weak':
      return `weak (${pairs})`;
    case 'signal':
      return `${pairs}`;
  }
}

/** The figures a card reports, per row; rows without any figure are left out. */
export function modelFigures(card: ModelCard): ModelFigures {
  const own = isRecord(card.metrics) ? card.metrics : {};
  const before = card.adaptation && isRecord(own[BEFORE_ADAPTATION]) ? own[BEFORE_ADAPTATION] : null;
  const metrics = before ?? own;
  const test = isRecord(metrics.test) ? metrics.test : {};
  const testHeads = isRecord(test.heads) ? test.heads : {};
  const real = isRecord(metrics.realSignal) ? metrics.realSignal : {};
  const realAuc = isRecord(real.rocAuc) ? real.rocAuc : {};
  const adapted = isRecord(real.adapted) && isRecord(real.adapted.rocAuc) ? real.adapted.rocAuc : {};
  const row = (name: string): FigureRow => {
    const phantom = isRecord(testHeads[name]) ? testHeads[name] : {};
    const realRocAuc = numberOrNull(realAuc[name]);
    return {
      name,
      phantomMacroF1: numberOrNull(phantom.macroF1),
      phantomN: numberOrNull(phantom.n),
      realRocAuc,
      adaptedRocAuc: numberOrNull(adapted[name]),
      verdict: realRocAuc === null ? null : realVerdict(realRocAuc),
    };
  };
  const rows = ['ranking', ...card.heads.map((h) => h.name)]
    .map(row)
    .filter((r) => r.phantomMacroF1 !== null || r.realRocAuc !== null || r.adaptedRocAuc !== null);
  return {
    rows,
    phantomData: textOrNull(test.data),
    realData: textOrNull(real.data),
    realN: numberOrNull(real.n),
    baseModel: before ? (textOrNull(before.model) ?? 'the base model') : null,
  };
}

const HEAD_WORDS: Record<string, string> = { expansion: 'expansion', icm: 'inner cell mass', te: 'trophectoderm' };

/**
 * A sentence for the page's banner when some head's grades carried no signal, or the opposite
 * signal, on real embryos; null when every measured head was better than chance or nothing was measured.
 */
export function realSignalWarning(card: ModelCard): string | null {
  const { rows, realN, baseModel } = modelFigures(card);
  const poor = rows.filter((r) => r.name !== 'ranking' && (r.verdict === 'inverted' || r.verdict === 'chance'));
  if (poor.length === 0) return null;
  const parts = poor.map((r) => `${HEAD_WORDS[r.name] ?? r.name} ${r.verdict === 'inverted' ? 'inverted' : 'no better than chance'} (ROC AUC ${r.realRocAuc!.toFixed(2)})`);
  const on = realN ? `${realN} real embryos` : 'real embryos';
  const whose = baseModel ? `the grades of ${baseModel}, which this model was adapted from,` : "this model's grades";
  return `Measured on ${on}, ${whose} were ${parts.join(', ')}: do not rely on ${poor.length === 1 ? 'that grade' : 'those grades'}.`;
}

/** A cross-validated figure with its bootstrap 95 % interval. */
export interface IntervalFigure {
  estimate: number;
  low: number | null;
  high: number | null;
}

export interface LearnedFigureRow {
  label: string;
  examples: number | null;
  /** 'ROC AUC' for an outcome, 'macro-F1' for a grade. */
  metric: 'ROC AUC' | 'macro-F1';
  base: IntervalFigure | null;
  learned: IntervalFigure | null;
  /** ICM/TE: A vs the rest, ROC AUC overall and within equal expansion grades, when the report has it. */
  withinExpansion?: WithinExpansionFigure;
  /** The feature set the learned head reads (chosen by cross-validation), when the report says. */
  featureSet?: 'gap' | 'blocks345-mean';
}

export interface WithinExpansionFigure {
  positiveClass: string;
  overall: { base: IntervalFigure | null; learned: IntervalFigure | null };
  within: { base: IntervalFigure | null; learned: IntervalFigure | null };
  /** The learned head ranks above chance overall but at chance among equally expanded embryos. */
  learnedExpansionOnly: boolean;
  note: string | null;
}

export interface LearnedFigures {
  folds: number | null;
  examples: number | null;
  rows: LearnedFigureRow[];
}

function intervalFigure(value: unknown): IntervalFigure | null {
  if (!isRecord(value)) return null;
  const estimate = numberOrNull(value.estimate);
  return estimate === null ? null : { estimate, low: numberOrNull(value.low), high: numberOrNull(value.high) };
}

function withinExpansionFigure(value: unknown): WithinExpansionFigure | null {
  if (!isRecord(value) || !isRecord(value.within)) return null;
  const sides = (pair: unknown) => (isRecord(pair) ? { base: intervalFigure(pair.base), learned: intervalFigure(pair.learned) } : { base: null, learned: null });
  return {
    positiveClass: textOrNull(value.positiveClass) ?? 'A',
    overall: sides(value.overall),
    within: sides(value.within),
    learnedExpansionOnly: value.learnedExpansionOnly === true,
    note: textOrNull(value.note),
  };
}

/**
 * A learned package's cross-validated figures, base against learned on the same folds, as its
 * card's `learning.validation` records them (the learning feature's report); null for a model
 * not learned from a lab.
 */
export function learnedFigures(card: ModelCard): LearnedFigures | null {
  const validation = isRecord(card.learning) && isRecord(card.learning.validation) ? card.learning.validation : null;
  if (!validation) return null;
  const perLabel = Array.isArray(validation.perLabel) ? validation.perLabel.filter(isRecord) : [];
  const rows = perLabel.map((report): LearnedFigureRow => {
    const outcome = report.label === 'outcome';
    const pick = (side: unknown) => (isRecord(side) ? intervalFigure(outcome ? side.auc : side.macroF1) : null);
    const row: LearnedFigureRow = { label: String(report.label), examples: numberOrNull(report.examples), metric: outcome ? 'ROC AUC' : 'macro-F1', base: pick(report.base), learned: pick(report.learned) };
    const within = withinExpansionFigure(report.withinExpansion);
    if (within) row.withinExpansion = within;
    const chosen = isRecord(report.featureSet) ? report.featureSet.chosen : undefined;
    if (chosen === 'gap' || chosen === 'blocks345-mean') row.featureSet = chosen;
    return row;
  });
  return { folds: numberOrNull(validation.folds), examples: numberOrNull(validation.examples), rows };
}

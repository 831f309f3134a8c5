// The default expected-score weights for the selected model: the literature's defaults
// (DEFAULT_WEIGHTS) less every head whose real-embryo figures on the model card say it is no
// better than chance or inverted, so the default ranking never leans on a grade the card
// itself says not to rely on. The user's own weights, once set, always win (see RankingPanel).
import { HEAD_NAMES, type HeadName } from '../../lib/types';
import { DEFAULT_WEIGHTS } from './policies';
import type { HeadWeights, RankingOptions } from './types';

/** What this reads of a card's figures (structurally: inference's `modelFigures(card)` is one). */
export interface CardFigures {
  rows: ReadonlyArray<{ name: string; realRocAuc: number | null; verdict: string | null }>;
}

export interface LeftOutHead {
  head: HeadName;
  verdict: 'inverted' | 'chance';
  rocAuc: number;
}

export interface CardWeights {
  weights: HeadWeights;
  /** The heads given weight 0, and why; empty when none (or when leaving them out would leave no head). */
  leftOut: LeftOutHead[];
}

const HEAD_TITLE: Record<HeadName, string> = { expansion: 'Expansion', icm: 'ICM', te: 'TE' };

const VERDICT_WORDS = { inverted: 'inverted', chance: 'no better than chance' } as const;

/** The default weights for a model whose card reports `figures` (null: no card, the literature's defaults). */
export function cardDefaultWeights(figures: CardFigures | null | undefined): CardWeights {
  const leftOut = HEAD_NAMES.flatMap((head): LeftOutHead[] => {
    const row = figures?.rows.find((r) => r.name === head);
    const verdict = row?.verdict;
    return row && row.realRocAuc !== null && (verdict === 'inverted' || verdict === 'chance') ? [{ head, verdict, rocAuc: row.realRocAuc }] : [];
  });
  const weights = { ...DEFAULT_WEIGHTS };
  for (const { head } of leftOut) weights[head] = 0;
  if (HEAD_NAMES.every((head) => weights[head] === 0)) return { weights: { ...DEFAULT_WEIGHTS }, leftOut: [] };
  return { weights, leftOut };
}

/** "TE left out: inverted on real embryos (ROC AUC 0.25)", one sentence per head; "" when none is left out. */
export function leftOutNote(leftOut: readonly LeftOutHead[]): string {
  return leftOut
    .map(({ head, verdict, rocAuc }) => `${HEAD_TITLE[head]} left out: ${VERDICT_WORDS[verdict]} on real embryos (ROC AUC ${rocAuc.toFixed(2)}).`)
    .join(' ');
}

/** The weights a sheet records: "Expansion 1, ICM 0, TE 0 (normalised)" plus the left-out note, when any. */
export function weightsSummary(weights: HeadWeights, leftOut: readonly LeftOutHead[] = []): string {
  const total = HEAD_NAMES.reduce((sum, head) => sum + weights[head], 0);
  const used = HEAD_NAMES.map((head) => `${HEAD_TITLE[head]} ${round(weights[head] / total)}`).join(', ');
  const note = leftOutNote(leftOut);
  return `weights ${used}${note ? `; ${note}` : ''}`;
}

const round = (x: number) => String(Math.round(x * 100) / 100);

export interface EffectiveRanking {
  /** The options to rank with: the given ones, with the card's default weights where none were chosen. */
  options: RankingOptions;
  /** The heads the card's default left out (empty when the weights were chosen, or none was left out). */
  leftOut: LeftOutHead[];
}

/** `options.weights` absent means "the model's default": the card decides; chosen weights are used as they are. */
export function effectiveRanking(options: RankingOptions, figures: CardFigures | null | undefined): EffectiveRanking {
  if (options.weights) return { options, leftOut: [] };
  const { weights, leftOut } = cardDefaultWeights(figures);
  return { options: { ...options, weights }, leftOut };
}

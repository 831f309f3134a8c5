// The keys that decide and grade one embryo, the same in the table, the gallery and the large view.
import type { Decision } from '../../lib/types';
import type { EmbryoRow, ReviewActions } from './types';

const DECISION_KEYS: Record<string, Decision> = { t: 'transfer', f: 'freeze', d: 'discard', b: 'biopsy', u: 'undecided' };

/** T/F/D/B/U set the decision, 1-6 the expansion override (when the model has that class). true: the key was used. */
export function applyGradingKey(key: string, row: Pick<EmbryoRow, 'id' | 'heads'>, actions: Pick<ReviewActions, 'setDecision' | 'setOverride'>): boolean {
  const decision = DECISION_KEYS[key.toLowerCase()];
  if (decision) {
    actions.setDecision(row.id, decision);
    return true;
  }
  if (/^[1-6]$/.test(key) && row.heads?.find((h) => h.name === 'expansion')?.classes.includes(key)) {
    actions.setOverride(row.id, 'expansion', key);
    return true;
  }
  return false;
}

/** Rank order: ranked first (1, 2, ...), then the unranked, each by embryo number. */
export const byRank = (a: Pick<EmbryoRow, 'rank' | 'number'>, b: Pick<EmbryoRow, 'rank' | 'number'>) =>
  (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.number - b.number;

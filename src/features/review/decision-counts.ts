// How many embryos of a batch carry each decision: the review screen's summary and the
// grade sheet's count (CSV columns, XLSX header block, PDF summary line).
import type { Decision } from '../../lib/types';

export type DecisionCounts = Record<Decision, number> & { total: number };

/** Decided first, in the order a lab reads them; undecided last. */
export const DECISION_ORDER: readonly Decision[] = ['transfer', 'freeze', 'discard', 'biopsy', 'undecided'];

export function countDecisions(rows: readonly { decision: Decision }[]): DecisionCounts {
  const counts: DecisionCounts = { transfer: 0, freeze: 0, discard: 0, biopsy: 0, undecided: 0, total: rows.length };
  for (const row of rows) counts[row.decision] += 1;
  return counts;
}

/** "1 transfer · 2 freeze · 0 discard · 0 biopsy · 9 undecided". */
export function decisionSummary(counts: DecisionCounts): string {
  return DECISION_ORDER.map((d) => `${counts[d]} ${d}`).join(' · ');
}

import { countDecisions, decisionSummary } from './decision-counts';
import type { EmbryoRow } from './types';

/** "Decisions: 1 transfer · 2 freeze · 0 discard · 0 biopsy · 9 undecided" for the open batch. */
export function DecisionSummary({ rows }: { rows: EmbryoRow[] }) {
  if (!rows.length) return null;
  const counts = countDecisions(rows);
  return (
    <p className={`decision-counts${counts.undecided ? ' incomplete' : ''}`} data-testid="decision-counts" role="status">
      Decisions: {decisionSummary(counts)}
    </p>
  );
}

// The review table's lab-outcome column: shown only for rows graded by a model with an outcome head.
import type { EmbryoRow } from './types';

/**
 * Header of the outcome column, or null when no row has an outcome probability (a model
 * without an outcome head): "P(good)", or "P(outcome)" when rows disagree on what positive meant.
 */
export function outcomeColumnTitle(rows: readonly EmbryoRow[]): string | null {
  const labels = new Set(rows.flatMap((r) => (r.outcome ? [r.outcome.positiveLabel] : [])));
  if (labels.size === 0) return null;
  return labels.size === 1 ? `P(${[...labels][0]})` : 'P(outcome)';
}

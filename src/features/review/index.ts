// Review feature: the review table, its rows (stored images + ranking), and what the embryologist does to them.
export { EmbryoTable } from './EmbryoTable';
export { OverrideSelect } from './EmbryoTableRow';
export { ReviewReadOnly, useReviewReadOnly } from './read-only';
export { applyGradingKey, byRank } from './grading-keys';
export { DecisionSummary } from './DecisionSummary';
export { flagChip } from './flag-chip';
export { ThumbnailOverlay } from './ThumbnailOverlay';
export { ProbabilityBars } from './ProbabilityBars';
export { HeatmapOverlay } from './HeatmapOverlay';
export type { EmbryoRow, ReviewActions, ReviewedEmbryo } from './types';
export { UndoStack, type Change } from './undo-stack';
export { countDecisions, decisionSummary, DECISION_ORDER, type DecisionCounts } from './decision-counts';
export { buildRows, rankImages, reviewedEmbryo, type ReviewedImage } from './rows';
export {
  createReviewActions,
  NOTE_AUDIT_PAUSE_MS,
  type ReviewActionsWithHistory,
  type ReviewAudit,
  type ReviewedImageState,
  type ReviewHost,
  type ReviewStore,
} from './review-actions';

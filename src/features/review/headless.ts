// The review's rows for hosts without a page (the CLI): a graded file and its ranking → the
// reviewed facts every grade sheet is made from. No React here.
export type { ReviewedEmbryo } from './types';
export { rankImages, reviewedEmbryo, type ReviewedImage } from './rows';
export { countDecisions, decisionSummary, type DecisionCounts } from './decision-counts';

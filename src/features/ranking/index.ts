// Ranking feature: named, explainable policies over AI and final grades (pure functions).
export { rankEmbryos } from './rank';
export { rankingEmbryo, defaultRankingOptions } from './from-prediction';
export { policyUnavailableReason, type RankingModel } from './availability';
export { gradeMark, gradeString, NOT_GRADED_MARK, UNKNOWN_GRADE } from './grade-string';
export { embryoGrades, type EmbryoGrades, type HeadGrade } from './head-grades';
export {
  cardDefaultWeights,
  effectiveRanking,
  leftOutNote,
  weightsSummary,
  type CardFigures,
  type CardWeights,
  type EffectiveRanking,
  type LeftOutHead,
} from './card-weights';
export { gradeScale, type GradeScale } from './grade-scale';
export {
  RANKING_POLICIES,
  DEFAULT_POLICY_ID,
  DEFAULT_WEIGHTS,
  WEILL_CORNELL_DAY_POINTS,
  WEILL_CORNELL_DEFAULT_POINTS,
  rankingPolicy,
  resolveWeights,
  weillCornellBand,
  type RankingPolicy,
} from './policies';
export type {
  HeadWeights,
  RankedEmbryo,
  RankingEmbryo,
  RankingFlag,
  RankingFlagKind,
  RankingGroup,
  RankingOptions,
  RankingPolicyId,
  WeillCornellPoints,
} from './types';

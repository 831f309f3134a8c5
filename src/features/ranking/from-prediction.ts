// How a graded image enters the ranking, and the options the app starts with: shared by
// the app's review table and the CLI's `grade --rank`, so both rank the same way.
import type { HeadPrediction, OutcomePrediction } from '../../lib/types';
import { DEFAULT_POLICY_ID } from './policies';
import type { RankingEmbryo, RankingOptions } from './types';

/** An image's AI heads (null when it was not graded), its outcome probability if any, and the embryologist's overrides. */
export function rankingEmbryo(
  id: string,
  prediction: { heads: readonly HeadPrediction[]; outcome?: OutcomePrediction } | null | undefined,
  finalGrades?: RankingEmbryo['finalGrades'],
): RankingEmbryo {
  const outcome = prediction?.outcome;
  return { id, heads: prediction?.heads ?? null, finalGrades, ...(outcome ? { outcome } : {}) };
}

/**
 * The app's defaults: the default policy on final grades, and no weights chosen, so the selected
 * model's card decides them (effectiveRanking; DEFAULT_WEIGHTS when there is no card).
 */
export function defaultRankingOptions(): RankingOptions {
  return { policy: DEFAULT_POLICY_ID, useFinalGrades: true };
}

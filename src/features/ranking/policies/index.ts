import type { RankingPolicyId } from '../types';
import { expectedScorePolicy } from './expected-score';
import { gardnerLexicographicPolicy } from './gardner-lexicographic';
import { outcomePolicy } from './outcome';
import type { RankingPolicy } from './policy';
import { weillCornellPolicy } from './weill-cornell';

/** Every policy, in the order the settings menu lists them (the default first). */
export const RANKING_POLICIES: readonly RankingPolicy[] = [expectedScorePolicy, gardnerLexicographicPolicy, weillCornellPolicy, outcomePolicy];

export const DEFAULT_POLICY_ID: RankingPolicyId = 'expected-score';

export function rankingPolicy(id: RankingPolicyId): RankingPolicy {
  const policy = RANKING_POLICIES.find((p) => p.id === id);
  if (!policy) throw new RangeError(`Unknown ranking policy: ${String(id)}`);
  return policy;
}

export type { PolicyContext, PolicyEmbryo, PolicyScore, RankingPolicy } from './policy';
export { DEFAULT_WEIGHTS, resolveWeights } from './expected-score';
export { WEILL_CORNELL_DAY_POINTS, WEILL_CORNELL_DEFAULT_POINTS, weillCornellBand } from './weill-cornell';

// The contract every ranking policy meets, so the ranker stays policy-agnostic.
import type { EmbryoDay } from '../../../lib/types';
import type { ResolvedHeads } from '../resolve-heads';
import type { HeadWeights, RankingPolicyId, WeillCornellPoints } from '../types';

export interface PolicyContext {
  weights: HeadWeights;
  day: EmbryoDay;
  weillCornellPoints?: WeillCornellPoints;
}

export interface PolicyScore {
  /** Compared element by element; higher is better for every policy (lower-is-better scores are negated here). */
  sortKey: number[];
  score: number | null;
  scoreLabel: string;
}

export interface RankingPolicy {
  id: RankingPolicyId;
  /** Short name for the settings menu. */
  name: string;
  /** One or two sentences for the in-app help: what is compared and how. */
  description: string;
  /** Literature the policy rests on, for the help text. */
  citation: string;
  /** Direction of `score` as shown to the user. */
  betterIs: 'higher' | 'lower' | 'not-a-number';
  evaluate(heads: ResolvedHeads, context: PolicyContext): PolicyScore;
}

// The contract every ranking policy meets, so the ranker stays policy-agnostic.
import type { EmbryoDay, OutcomePrediction } from '../../../lib/types';
import type { ResolvedHeads } from '../resolve-heads';
import type { HeadWeights, RankingFlag, RankingPolicyId, WeillCornellPoints } from '../types';

export interface PolicyContext {
  weights: HeadWeights;
  day: EmbryoDay;
  weillCornellPoints?: WeillCornellPoints;
}

/** What a policy may read of one embryo besides its resolved grades. */
export interface PolicyEmbryo {
  outcome: OutcomePrediction | null;
}

export interface PolicyScore {
  /** Compared element by element; higher is better for every policy (lower-is-better scores are negated here). */
  sortKey: number[];
  score: number | null;
  scoreLabel: string;
  /** The policy's own reasons to flag this embryo (e.g. no outcome probability), added to the grade flags. */
  flags?: RankingFlag[];
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
  /** What the current model must output for this policy to rank (see policyUnavailableReason). */
  requires?: 'outcome';
  evaluate(heads: ResolvedHeads, context: PolicyContext, embryo: PolicyEmbryo): PolicyScore;
  /**
   * Which flags rank an embryo after every clean one. Absent: any flag but a review-only one (a doubtful grade must not
   * silently win). A policy whose number does not rest on the grades says which of them count.
   */
  isFlagged?(heads: ResolvedHeads, flags: readonly RankingFlag[]): boolean;
}

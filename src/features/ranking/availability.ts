// Whether a policy can rank with the current model: the lab outcome policy needs a model
// whose card has an outcome head. The app greys the choice out with this sentence; the CLI
// refuses with it.
import { rankingPolicy } from './policies';
import type { RankingPolicyId } from './types';

/** What availability reads of a model card (structural, so callers pass the card itself). */
export interface RankingModel {
  id?: string;
  outcome?: { positiveLabel: string } | null;
}

/** null when the policy can rank with this model; else one sentence saying why not. */
export function policyUnavailableReason(id: RankingPolicyId, model: RankingModel | null | undefined): string | null {
  const policy = rankingPolicy(id);
  if (policy.requires !== 'outcome' || model?.outcome) return null;
  const which = !model ? 'no model is loaded' : `the current model${model.id ? ` "${model.id}"` : ''} has none`;
  return `${policy.name} ranking needs a model with an outcome head, one learned from this lab's own outcomes; ${which}.`;
}

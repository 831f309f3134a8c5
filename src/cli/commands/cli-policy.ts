// The ranking policies `grade --rank --policy` accepts, by their CLI names.
import { defaultRankingOptions, type RankingPolicyId } from '../../features/ranking';

/** The CLI's policy names and the ranking module's ids. */
export const CLI_POLICIES = {
  'expected-score': 'expected-score',
  gardner: 'gardner-lexicographic',
  'weill-cornell': 'weill-cornell',
  outcome: 'outcome',
} as const satisfies Record<string, RankingPolicyId>;

export type CliPolicy = keyof typeof CLI_POLICIES;

/** The CLI name of the app's default policy. */
export const DEFAULT_CLI_POLICY = (Object.keys(CLI_POLICIES) as CliPolicy[]).find((name) => CLI_POLICIES[name] === defaultRankingOptions().policy)!;

export function isCliPolicy(name: string): name is CliPolicy {
  return Object.hasOwn(CLI_POLICIES, name);
}

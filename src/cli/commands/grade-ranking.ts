// `grade --rank`: the app's own ranking (rankEmbryos, the app's default options) over
// the graded files. Failed files enter as "not graded" and come back unranked (rank
// null), as in the app. Equal scores share a rank; the input order (argument order,
// as the app uses upload order) only decides who is listed first among them.
import { defaultRankingOptions, rankEmbryos, rankingEmbryo, type RankedEmbryo } from '../../features/ranking';
import { CLI_POLICIES, type CliPolicy } from './cli-policy';
import type { GradeRecord } from './grade-record';

export { CLI_POLICIES, DEFAULT_CLI_POLICY, isCliPolicy, type CliPolicy } from './cli-policy';

/** The records with rank, score, policy and flags added, in their original order. */
export function rankRecords(records: readonly GradeRecord[], policy: CliPolicy): GradeRecord[] {
  const ranked = rankEmbryos(
    records.map((r, index) => rankingEmbryo(String(index), r.ok && r.heads ? { heads: r.heads, outcome: r.outcome } : null)),
    { ...defaultRankingOptions(), policy: CLI_POLICIES[policy] },
  );
  const byIndex = new Map<string, RankedEmbryo>(ranked.map((r) => [r.id, r]));
  return records.map((record, index) => {
    const r = byIndex.get(String(index))!;
    return { ...record, rank: r.rank, score: r.score, scoreLabel: r.scoreLabel, policy, flags: r.flags.map((f) => f.message).join('; ') };
  });
}

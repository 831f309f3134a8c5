// `grade --rank`: the app's own ranking (rankEmbryos, the app's default options) over
// the graded files. Failed files enter as "not graded" and come back unranked (rank
// null), as in the app. Equal scores share a rank; the input order (argument order,
// as the app uses upload order) only decides who is listed first among them.
import { defaultRankingOptions, effectiveRanking, rankEmbryos, rankingEmbryo, type CardFigures, type EffectiveRanking, type RankedEmbryo } from '../../features/ranking';
import { CLI_POLICIES, type CliPolicy } from './cli-policy';
import type { GradeRecord } from './grade-record';

export { CLI_POLICIES, DEFAULT_CLI_POLICY, isCliPolicy, type CliPolicy } from './cli-policy';

/**
 * What `--rank --policy` ranks with: the app's defaults under that policy, the model card (its
 * figures, `modelFigures(card)`) deciding the default weights as in the app; no card: DEFAULT_WEIGHTS.
 */
export const cliRanking = (policy: CliPolicy, figures?: CardFigures | null): EffectiveRanking =>
  effectiveRanking({ ...defaultRankingOptions(), policy: CLI_POLICIES[policy] }, figures);

export const cliRankingOptions = (policy: CliPolicy, figures?: CardFigures | null) => cliRanking(policy, figures).options;

/** Each record's place in the ranking, in the records' order (what the CSV's sheet rows read). */
export function rankGradeRecords(records: readonly GradeRecord[], policy: CliPolicy, figures?: CardFigures | null): RankedEmbryo[] {
  const ranked = rankEmbryos(
    records.map((r, index) => rankingEmbryo(String(index), r.ok && r.heads ? { heads: r.heads, outcome: r.outcome } : null)),
    cliRankingOptions(policy, figures),
  );
  const byIndex = new Map<string, RankedEmbryo>(ranked.map((r) => [r.id, r]));
  return records.map((_, index) => byIndex.get(String(index))!);
}

/** The records with rank, score, policy and flags added (what --json prints), in their original order. */
export function withRanking(records: readonly GradeRecord[], ranked: readonly RankedEmbryo[], policy: CliPolicy): GradeRecord[] {
  return records.map((record, index) => {
    const r = ranked[index]!;
    return { ...record, rank: r.rank, score: r.score, scoreLabel: r.scoreLabel, policy, flags: r.flags.map((f) => f.message).join('; ') };
  });
}

export function rankRecords(records: readonly GradeRecord[], policy: CliPolicy, figures?: CardFigures | null): GradeRecord[] {
  return withRanking(records, rankGradeRecords(records, policy, figures), policy);
}

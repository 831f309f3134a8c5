// Orders a batch under one policy. Clean embryos first, then flagged ones (not
// gradable or low-confidence heads: ranked, but never ahead of a clean embryo, so a
// doubtful grade cannot silently win), then embryos with no prediction (rank null).
// A review-only flag (the model's views disagree) is shown but moves no embryo.
// Equal scores share a rank ("1, 2, 2, 4") and are listed in input order, so the
// caller decides the tie-break by the order it passes (e.g. sorted by file name).
import { gradeString } from './grade-string';
import { resolveWeights } from './policies/expected-score';
import { rankingPolicy } from './policies';
import type { PolicyScore } from './policies/policy';
import { resolveHeads } from './resolve-heads';
import type { RankedEmbryo, RankingEmbryo, RankingFlag, RankingFlagKind, RankingGroup, RankingOptions } from './types';

interface Scored {
  index: number;
  embryo: RankingEmbryo;
  group: RankingGroup;
  flags: RankingFlag[];
  grade: string;
  result: PolicyScore | null;
}

/** Keys equal to 1e-9 are a tie: float noise must not break a tie the user can see. */
const KEY_PRECISION = 1e9;

const GROUP_ORDER: Record<RankingGroup, number> = { clean: 0, flagged: 1, unranked: 2 };

/**
 * Flags that ask for a look without saying the ranked number is unfit. The views flag: the
 * score is computed from the mean over the views, which is what the app grades on; when that
 * mean is itself ambivalent the low-confidence flag already demotes, and otherwise a minority
 * of dissenting views says the model reads this crop unevenly, not that the embryo is worse.
 * Putting it behind every clean embryo would rank the model's doubt as the embryo's quality.
 */
export const REVIEW_ONLY_FLAGS: ReadonlySet<RankingFlagKind> = new Set<RankingFlagKind>(['views-disagree']);

export function rankEmbryos(embryos: readonly RankingEmbryo[], options: RankingOptions): RankedEmbryo[] {
  const policy = rankingPolicy(options.policy);
  const useFinalGrades = options.useFinalGrades ?? true;
  const weights = resolveWeights(options.weights);

  const scored: Scored[] = embryos.map((embryo, index) => {
    if (!embryo.heads) {
      const flags: RankingFlag[] = [{ kind: 'no-prediction', message: 'No AI prediction (not graded or failed); not ranked.' }];
      return { index, embryo, group: 'unranked', flags, grade: '', result: null };
    }
    const { heads, flags } = resolveHeads(embryo, useFinalGrades);
    const result = policy.evaluate(
      heads,
      { weights, day: embryo.day ?? options.day ?? 'D5', weillCornellPoints: options.weillCornellPoints },
      { outcome: embryo.outcome ?? null },
    );
    const allFlags = [...flags, ...(result.flags ?? [])];
    const flagged = policy.isFlagged ? policy.isFlagged(heads, allFlags) : allFlags.some((f) => !REVIEW_ONLY_FLAGS.has(f.kind));
    const grade = gradeString(heads.expansion.label, heads.icm.label, heads.te.label);
    return { index, embryo, group: flagged ? 'flagged' : 'clean', flags: allFlags, grade, result };
  });

  scored.sort((a, b) => GROUP_ORDER[a.group] - GROUP_ORDER[b.group] || compareKeys(b, a) || a.index - b.index);
  return assignRanks(scored);
}

function assignRanks(sorted: Scored[]): RankedEmbryo[] {
  const ranks: Array<number | null> = [];
  sorted.forEach((s, i) => {
    if (s.group === 'unranked') ranks.push(null);
    else if (i > 0 && sameRank(sorted[i - 1], s)) ranks.push(ranks[i - 1]);
    else ranks.push(i + 1);
  });
  return sorted.map((s, i) => {
    const tiedWith = sorted.filter((_o, j) => j !== i && ranks[i] !== null && ranks[j] === ranks[i]).map((o) => o.embryo.id);
    return {
      id: s.embryo.id,
      demotion: s.group === 'flagged' ? demotionReason(s.flags) : null,
      rank: ranks[i],
      score: s.result?.score ?? null,
      scoreLabel: s.result?.scoreLabel ?? '',
      grade: s.grade,
      tie: tiedWith.length > 0,
      tiedWith,
      group: s.group,
      flags: s.flags,
    };
  });
}

const FLAG_WORDS: Record<RankingFlagKind, string> = {
  'not-gradable': 'not graded',
  'low-confidence': 'low-confidence AI grade',
  'views-disagree': "the model's views disagree",
  'missing-head': 'no grade',
  'unknown-grade': 'grade not on the scale',
  'no-prediction': 'no AI prediction',
  'no-outcome': 'no outcome probability',
};
const HEAD_TITLE = { expansion: 'expansion', icm: 'ICM', te: 'TE' } as const;

/** Why a flagged embryo ranks after every clean one, whatever its score: "Ranked after unflagged embryos: ICM not graded, TE not graded". */
function demotionReason(flags: readonly RankingFlag[]): string {
  const moving = flags.filter((f) => !REVIEW_ONLY_FLAGS.has(f.kind));
  const reasons = [...new Set((moving.length ? moving : flags).map((f) => (f.head ? `${HEAD_TITLE[f.head]} ` : '') + FLAG_WORDS[f.kind]))];
  return `Ranked after unflagged embryos: ${reasons.join(', ')}`;
}

function sameRank(a: Scored, b: Scored): boolean {
  return a.group === b.group && compareKeys(a, b) === 0;
}

/** Positive when a ranks ahead of b. */
function compareKeys(a: Scored, b: Scored): number {
  const ka = a.result?.sortKey ?? [];
  const kb = b.result?.sortKey ?? [];
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = quantise(ka[i] ?? -Infinity) - quantise(kb[i] ?? -Infinity);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}

function quantise(x: number): number {
  return Number.isFinite(x) ? Math.round(x * KEY_PRECISION) : x;
}

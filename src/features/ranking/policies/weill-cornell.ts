// Weill Cornell blastocyst score (BS): points per component, summed, plus a day
// penalty; lower is better.
//
// What the published abstract fixes (Zhan Q, Sierra ET, Malmsten J, Ye Z,
// Rosenwaks Z, Zaninovic N. Blastocyst score, a blastocyst quality ranking tool, is
// a predictor of blastocyst ploidy and implantation potential. F S Rep.
// 2020;1(2):133-41, PMC 2021; often cited as "Zhan et al. 2021"): each component
// (expansion, ICM, TE) gets 1-4 points from its fetal-heart rate, BS = their sum on
// day 5 and sum + 2 on day 6, range 3-14, bands good 3-5, fair 6-9, poor 10-14.
//
// What it does not give us: the paper's own table of points per grade (its full text
// was not available here, and Weill Cornell's in-house grades are finer than
// Gardner A/B/C). THE MAPPING BELOW IS OURS, an ordinal reading of Gardner grades:
//   expansion 4, 5, 6 -> 1 | 3 -> 2 | 2 -> 3 | 1 -> 4
//   ICM, TE   A -> 1 | B -> 2 | C -> 3 | D -> 4
//   not gradable -> 4 (the worst) and the embryo is flagged
//   labels outside these (a model with other classes) -> 1 + round(3 x (1 - ordinal))
//     on the model's class order
// Day 7 is not in the paper; we add +2 as for day 6 (a later blastocyst is never
// scored better than a day-6 one). A lab can pass its own table (weillCornellPoints).
import { HEAD_NAMES, type EmbryoDay, type HeadName } from '../../../lib/types';
import type { ResolvedHead } from '../resolve-heads';
import type { WeillCornellPoints } from '../types';
import type { RankingPolicy } from './policy';

export const WEILL_CORNELL_DEFAULT_POINTS: Required<WeillCornellPoints> = {
  expansion: { '1': 4, '2': 3, '3': 2, '4': 1, '5': 1, '6': 1 },
  icm: { A: 1, B: 2, C: 3, D: 4 },
  te: { A: 1, B: 2, C: 3, D: 4 },
};

export const WEILL_CORNELL_DAY_POINTS: Record<EmbryoDay, number> = { D5: 0, D6: 2, D7: 2 };

const WORST_POINTS = 4;

export function weillCornellBand(score: number): 'good' | 'fair' | 'poor' {
  if (score <= 5) return 'good';
  if (score <= 9) return 'fair';
  return 'poor';
}

function componentPoints(head: ResolvedHead, table: Record<string, number>): number {
  if (head.label === null || head.notGradable) return WORST_POINTS;
  const fromTable = table[head.label] ?? table[head.label.toUpperCase()];
  if (fromTable !== undefined) return fromTable;
  const ordinal = head.scale?.ordinal(head.label);
  return ordinal == null ? WORST_POINTS : 1 + Math.round(3 * (1 - ordinal));
}

export const weillCornellPolicy: RankingPolicy = {
  id: 'weill-cornell',
  name: 'Weill Cornell blastocyst score',
  description:
    'Each component scores 1 (best) to 4 points: expansion 4-6 →1, 3 →2, 2 →3, 1 →4; ICM and TE A →1, B →2, C →3; ' +
    'not gradable →4. The points are summed and 2 added for a day-6 (or day-7) blastocyst; lower is better ' +
    '(good 3-5, fair 6-9, poor 10-14). The per-grade points are this app\'s ordinal reading of Gardner grades, ' +
    'not the published table.',
  citation:
    'Zhan Q, Sierra ET, Malmsten J, Ye Z, Rosenwaks Z, Zaninovic N. Blastocyst score, a blastocyst quality ranking ' +
    'tool, is a predictor of blastocyst ploidy and implantation potential. F S Rep. 2020;1(2):133-41.',
  betterIs: 'lower',
  evaluate(heads, { day, weillCornellPoints }) {
    const tables = { ...WEILL_CORNELL_DEFAULT_POINTS, ...weillCornellPoints };
    const points = HEAD_NAMES.reduce((sum, name: HeadName) => sum + componentPoints(heads[name], tables[name]), 0);
    const score = points + WEILL_CORNELL_DAY_POINTS[day];
    return { sortKey: [-score], score, scoreLabel: `BS ${score} (${weillCornellBand(score)})` };
  },
};

// Default policy: the probability-weighted grade, so a confident 4AA beats a
// coin-flip 4AA and the model's doubt is not thrown away by an argmax.
import { HEAD_NAMES, type HeadName } from '../../../lib/types';
import type { HeadWeights } from '../types';
import type { RankingPolicy } from './policy';

/**
 * TE weighted highest: TE grade was the strongest morphological predictor of live
 * birth after single blastocyst transfer (Ahlstrom 2011) and stayed so in later
 * meta-analyses; ICM next; expansion least (most day-5 blastocysts that are ranked
 * at all are already 3-4).
 */
export const DEFAULT_WEIGHTS: HeadWeights = { expansion: 0.2, icm: 0.3, te: 0.5 };

export const expectedScorePolicy: RankingPolicy = {
  id: 'expected-score',
  name: 'Expected score (probabilities)',
  description:
    'Each component contributes the expected value of its grade under the AI probabilities, on a 0-1 scale ' +
    '(expansion 1→0 … 6→1; ICM/TE C→0, B→0.5, A→1), weighted per component (default TE 0.5, ICM 0.3, ' +
    'expansion 0.2) and summed; higher is better. A component the embryologist overrode counts as its final grade ' +
    'with certainty; a not-gradable component counts 0.',
  citation:
    'Ahlström A, Westin C, Reismer E, Wikland M, Hardarson T. Trophectoderm morphology: an important parameter ' +
    'for predicting live birth after single blastocyst transfer. Hum Reprod. 2011;26(12):3289-96. ' +
    'Later meta-analyses of blastocyst morphology and outcome likewise find TE grade the strongest single component.',
  betterIs: 'higher',
  evaluate(heads, { weights }) {
    const total = HEAD_NAMES.reduce((sum, name) => sum + weights[name], 0);
    const score =
      HEAD_NAMES.reduce((sum, name) => {
        const head = heads[name];
        if (head.notGradable || !head.scale) return sum;
        const scale = head.scale;
        const expected = head.distribution.reduce((e, { label, p }) => e + p * (scale.ordinal(label) ?? 0), 0);
        return sum + weights[name] * expected;
      }, 0) / total;
    return { sortKey: [score], score, scoreLabel: score.toFixed(3) };
  },
};

/** Fills in defaults and rejects weights that cannot rank (negative, not finite, all zero). */
export function resolveWeights(weights: Partial<HeadWeights> | undefined): HeadWeights {
  const merged = { ...DEFAULT_WEIGHTS, ...weights };
  for (const name of HEAD_NAMES as readonly HeadName[]) {
    const w = merged[name];
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`Ranking weight for ${name} must be a finite number >= 0, got ${w}`);
  }
  if (HEAD_NAMES.every((name) => merged[name] === 0)) throw new RangeError('Ranking weights cannot all be 0');
  return merged;
}

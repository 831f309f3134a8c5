// Lexicographic Gardner: the order most labs apply by eye.
import { gradeString } from '../grade-string';
import { headOrdinal } from '../resolve-heads';
import type { RankingPolicy } from './policy';

export const gardnerLexicographicPolicy: RankingPolicy = {
  id: 'gardner-lexicographic',
  name: 'Gardner, lexicographic',
  description:
    'Compares expansion first (higher stage first), then ICM (A before B before C), then TE; the AI probabilities ' +
    'are not used beyond the predicted grade. A not-gradable component sorts below every grade.',
  citation:
    'Gardner DK, Schoolcraft WB. In vitro culture of human blastocysts. In: Jansen R, Mortimer D, eds. ' +
    'Towards Reproductive Certainty. Parthenon; 1999:378-88.',
  betterIs: 'not-a-number',
  evaluate(heads) {
    return {
      sortKey: [headOrdinal(heads.expansion), headOrdinal(heads.icm), headOrdinal(heads.te)],
      score: null,
      scoreLabel: gradeString(heads.expansion.label, heads.icm.label, heads.te.label),
    };
  },
};

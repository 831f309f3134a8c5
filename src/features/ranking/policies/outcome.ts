// Lab outcome: the probability a model learned from the lab's own outcomes gives that this
// embryo's outcome is positive. Offered only when the model has an outcome head.
import { HEAD_NAMES } from '../../../lib/types';
import type { RankingFlag } from '../types';
import type { RankingPolicy } from './policy';

/** Below every probability, so an embryo without one sorts after those with one (and they tie among themselves). */
const NO_OUTCOME_KEY = -1;

const NO_OUTCOME: RankingFlag = {
  kind: 'no-outcome',
  message: 'No lab outcome probability (graded by a model without an outcome head); ranked after the others.',
};

export const outcomePolicy: RankingPolicy = {
  id: 'outcome',
  name: 'Lab outcome',
  description:
    "Ranks by the probability the model's outcome head gives that the embryo's outcome is positive, as this lab's own " +
    "data defined positive (shown as P(good), P(fetal heart) ...); higher is better. The head was learned from the lab's " +
    "images and outcomes; its card gives the cross-validated ROC AUC, the only evidence of how well it ranks. " +
    'The Gardner grades and their overrides do not enter this number: their flags are shown, but only a component the ' +
    'embryologist marked not gradable moves an embryo after the others. An embryo without an outcome probability ' +
    '(graded by a model without an outcome head) ranks after every embryo that has one.',
  citation:
    'VerMilyea M, Hall JMM, Diakiw SM, et al. Development of an artificial intelligence-based assessment model for ' +
    'prediction of embryo viability using static images captured by optical light microscopy during IVF. ' +
    "Hum Reprod. 2020;35(4):770-84 (a network trained on outcomes rather than grades). This model's own figures: its card.",
  betterIs: 'higher',
  requires: 'outcome',
  evaluate(_heads, _context, { outcome }) {
    if (!outcome) return { sortKey: [NO_OUTCOME_KEY], score: null, scoreLabel: 'no outcome', flags: [NO_OUTCOME] };
    return { sortKey: [outcome.probability], score: outcome.probability, scoreLabel: outcome.probability.toFixed(3) };
  },
  // The AI's grade doubts (low confidence, not graded below expansion 3) say nothing about this
  // number; the embryologist's "not gradable" and a missing probability do.
  isFlagged(heads, flags) {
    return flags.some((f) => f.kind === 'no-outcome') || HEAD_NAMES.some((name) => heads[name].source === 'final' && heads[name].notGradable);
  },
};

// Probabilities -> a head's prediction: argmax, the low-confidence flag and, given the
// views the grade averaged, how many of them make the same call.
// tfjs-free, so the page can import the thresholds without pulling tfjs in.
import type { HeadPrediction } from '../../lib/types';
import { argmaxIndex } from '../../lib/argmax';
import type { ModelCardHead } from './model-card';
import { viewAgreement } from './view-agreement';

/** When a head's grade deserves a second look (settings may change them). */
export interface ConfidenceThresholds {
  /** Flag when the top probability is below this. */
  minTop1: number;
  /** Flag when top-1 minus top-2 is below this. */
  minMargin: number;
}

export const DEFAULT_THRESHOLDS: ConfidenceThresholds = { minTop1: 0.5, minMargin: 0.15 };

/**
 * One head's prediction from its probabilities (in the card's class order). `views`, when
 * given, are the per-orientation probabilities those were averaged from (one row per view):
 * the prediction then records how many views make its call.
 */
export function toHeadPrediction(
  head: ModelCardHead,
  probabilities: ArrayLike<number>,
  thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS,
  views?: ArrayLike<number>,
): HeadPrediction {
  const probs = Array.from(probabilities, Number);
  if (probs.length !== head.classes.length) {
    throw new Error(`head "${head.name}": the model gave ${probs.length} probabilities for ${head.classes.length} classes`);
  }
  const best = argmaxIndex(probs);
  const top1 = probs[best]!;
  const top2 = probs.reduce((m, p, i) => (i !== best && p > m ? p : m), 0);
  return {
    name: head.name,
    classes: [...head.classes],
    probabilities: probs,
    argmax: head.classes[best]!,
    lowConfidence: top1 < thresholds.minTop1 || top1 - top2 < thresholds.minMargin,
    ...(views !== undefined && { viewAgreement: viewAgreement(views, probs.length, best) }),
    ...(head.gradedFromExpansion !== undefined && { gradedFromExpansion: head.gradedFromExpansion }),
  };
}


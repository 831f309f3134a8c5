// Probabilities -> a head's prediction: argmax and the low-confidence flag.
// tfjs-free, so the page can import the thresholds without pulling tfjs in.
import type { HeadPrediction } from '../../lib/types';
import type { ModelCardHead } from './model-card';

/** When a head's grade deserves a second look (settings may change them). */
export interface ConfidenceThresholds {
  /** Flag when the top probability is below this. */
  minTop1: number;
  /** Flag when top-1 minus top-2 is below this. */
  minMargin: number;
}

export const DEFAULT_THRESHOLDS: ConfidenceThresholds = { minTop1: 0.5, minMargin: 0.15 };

/** One head's prediction from its probabilities (in the card's class order). */
export function toHeadPrediction(head: ModelCardHead, probabilities: ArrayLike<number>, thresholds: ConfidenceThresholds = DEFAULT_THRESHOLDS): HeadPrediction {
  const probs = Array.from(probabilities, Number);
  if (probs.length !== head.classes.length) {
    throw new Error(`head "${head.name}": the model gave ${probs.length} probabilities for ${head.classes.length} classes`);
  }
  let best = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i]! > probs[best]!) best = i;
  const top1 = probs[best]!;
  const top2 = probs.reduce((m, p, i) => (i !== best && p > m ? p : m), 0);
  return {
    name: head.name,
    classes: [...head.classes],
    probabilities: probs,
    argmax: head.classes[best]!,
    lowConfidence: top1 < thresholds.minTop1 || top1 - top2 < thresholds.minMargin,
    ...(head.gradedFromExpansion !== undefined && { gradedFromExpansion: head.gradedFromExpansion }),
  };
}


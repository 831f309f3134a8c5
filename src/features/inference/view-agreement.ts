// How far the orientations a grade averages agree with it: each view's own call against
// the averaged call. The views are the same embryo, so a call the views do not share is
// a call to review (the rule is src/lib/view-agreement.ts).
import type { ViewAgreement } from '../../lib/types';
import { argmaxIndex } from '../../lib/argmax';

/**
 * Per-view probabilities, row-major (one row of `classCount` per view, as the batched graph
 * gives them) -> how many rows call class `call`, the averaged grade's class index.
 */
export function viewAgreement(perView: ArrayLike<number>, classCount: number, call: number): ViewAgreement {
  if (!(classCount > 0) || perView.length === 0 || perView.length % classCount !== 0) {
    throw new Error(`view agreement: ${perView.length} values are not whole views of ${classCount} classes`);
  }
  const of = perView.length / classCount;
  let agree = 0;
  for (let v = 0; v < of; v++) if (argmaxIndex(perView, v * classCount, classCount) === call) agree++;
  return { agree, of };
}

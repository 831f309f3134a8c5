// When a grade's orientations disagree enough to ask for review: one rule, read by the
// ranking's flags, the grade sheet and the CLI alike.
import type { ViewAgreement } from './types';

/**
 * The share of views that must make the averaged call for it to stand without review: 3/4,
 * so at most 2 of 8 views (1 of 4) may call otherwise. Set from how the views differ, never
 * from labels. Hoffman and DIC relief shade one side of every edge, and the 8 views show the
 * crop lit from 4 directions, 2 views each (a view and its mirror across the light's axis).
 * A model that misreads one lighting direction loses those 2 views while the other 3
 * directions still agree: tolerable. A third dissenting view means the call changes with
 * more than one direction of the same embryo: the grade then says more about how the crop
 * was turned than about the embryo, and a person should look.
 */
export const MIN_VIEW_AGREEMENT = 3 / 4;

/** True when fewer than MIN_VIEW_AGREEMENT of the views make the averaged call; unknown (absent) agreement is never doubt. */
export function viewsDisagree(agreement: ViewAgreement | undefined): boolean {
  if (!agreement || !(agreement.of > 0)) return false;
  return agreement.agree < MIN_VIEW_AGREEMENT * agreement.of;
}

/** "5/8": how the sheet and the CLI write an agreement; "" when unknown. */
export function formatViewAgreement(agreement: ViewAgreement | undefined): string {
  return agreement ? `${agreement.agree}/${agreement.of}` : '';
}

// The combined Gardner grade a lab writes on its sheets ("4AB"), and how a head that is not
// graded reads everywhere (grade strings, override menus, sheet cells): "–".
import { NOT_GRADABLE } from '../../lib/types';

/** Shown for a head with no grade at all (not predicted, not entered). */
export const UNKNOWN_GRADE = '?';

/**
 * Shown for a head that is not graded: below the expansion from which the card grades it
 * (Gardner: ICM and TE from 3), or marked not gradable by the embryologist. An en dash, one
 * character, so the combined grade keeps its three places: "1––", "4–B".
 */
export const NOT_GRADED_MARK = '–';

/** One head's grade as shown: its label, "–" when not graded (NOT_GRADABLE), "?" when there is none. */
export function gradeMark(grade: string | null | undefined): string {
  if (grade == null || grade.trim() === '') return UNKNOWN_GRADE;
  return grade.trim() === NOT_GRADABLE ? NOT_GRADED_MARK : grade.trim();
}

/**
 * "4AB" when every head has a grade; a head that is not graded shows "–" in its place
 * ("1––" for an early blastocyst whose ICM and TE are not graded, "4–B"); a missing grade "?".
 */
export function gradeString(
  expansion: string | null | undefined,
  icm: string | null | undefined,
  te: string | null | undefined,
): string {
  return [expansion, icm, te].map(gradeMark).join('');
}

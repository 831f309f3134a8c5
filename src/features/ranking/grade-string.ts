// The combined Gardner grade a lab writes on its sheets ("4AB").
import { NOT_GRADABLE } from '../../lib/types';

/** Shown for a head with no grade at all (not predicted, not entered). */
export const UNKNOWN_GRADE = '?';

/**
 * "4AB" when every head has a grade. When any head is not gradable the parts are
 * separated by spaces so "NG" cannot run into a neighbouring letter: "2 NG NG",
 * "4 NG B"; all three not gradable gives "NG". A missing grade shows as "?".
 */
export function gradeString(
  expansion: string | null | undefined,
  icm: string | null | undefined,
  te: string | null | undefined,
): string {
  const parts = [expansion, icm, te].map((g) => (g == null || g.trim() === '' ? UNKNOWN_GRADE : g.trim()));
  if (parts.every((p) => p === NOT_GRADABLE)) return NOT_GRADABLE;
  return parts.some((p) => p === NOT_GRADABLE) ? parts.join(' ') : parts.join('');
}

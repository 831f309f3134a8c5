// One truth per grade: what each head's grade is, AI's and final, after the card's grading rule
// (ICM and TE are not graded below expansion 3 for Gardner). The review table, its override
// menus and every grade sheet read the grades from here, and the ranking resolves them with the
// same rule (resolveHeads), so no surface can show a grade another calls not graded.
import { HEAD_NAMES, type HeadName, type HeadPrediction } from '../../lib/types';
import { gradeString } from './grade-string';
import { resolveHeads } from './resolve-heads';

export interface HeadGrade {
  /** The AI's grade as used: its class, NOT_GRADABLE when the rule leaves this head out at the AI's expansion, null when the model has no such head. */
  ai: string | null;
  /** The grade that stands: the embryologist's, else the AI's under the rule at the final expansion (NOT_GRADABLE below it); null when none. */
  final: string | null;
}

export interface EmbryoGrades {
  heads: Record<HeadName, HeadGrade>;
  /** "4AB", "1––"; "" when the image was not graded. */
  aiGrade: string;
  finalGrade: string;
}

/** The AI's and the final grade of every head of one graded image (null heads: not graded). */
export function embryoGrades(heads: readonly HeadPrediction[] | null, overrides: Partial<Record<HeadName, string | null>> = {}): EmbryoGrades {
  const ai = resolveHeads({ id: '', heads }, false).heads;
  const final = resolveHeads({ id: '', heads, finalGrades: overrides }, true).heads;
  const grades = Object.fromEntries(HEAD_NAMES.map((name) => [name, { ai: ai[name].label, final: final[name].label }])) as Record<HeadName, HeadGrade>;
  if (!heads) return { heads: grades, aiGrade: '', finalGrade: '' };
  const combined = (pick: (g: HeadGrade) => string | null) => gradeString(pick(grades.expansion), pick(grades.icm), pick(grades.te));
  return { heads: grades, aiGrade: combined((g) => g.ai), finalGrade: combined((g) => g.final) };
}

// Maps a head's class labels to an ordinal in [0, 1] (1 = best), so policies can
// compare grades without knowing which classes a model has (heads and classes are data).
import type { HeadName } from '../../lib/types';

export interface GradeScale {
  /** 'gardner' when the labels follow the published Gardner order, else 'model-order'. */
  kind: 'gardner' | 'model-order';
  /** Ordinal in [0, 1], 1 best; null when the label is not on this scale. */
  ordinal(label: string): number | null;
}

const INTEGER = /^\d+$/;
const GRADE_LETTER = /^[A-Z]$/i;

/** Gardner expansion 1..6: a more advanced blastocyst ranks higher (1 -> 0, 6 -> 1). */
function expansionScale(): GradeScale {
  return {
    kind: 'gardner',
    ordinal: (label) => (INTEGER.test(label.trim()) ? clamp01((Number(label) - 1) / 5) : null),
  };
}

/** ICM/TE letters: A best, then B, C (D ...). Span at least A..C so A/B/C map to 1, 0.5, 0 for every model. */
function letterScale(classes: readonly string[]): GradeScale {
  const index = (label: string) => label.trim().toUpperCase().charCodeAt(0) - 65;
  const span = Math.max(2, ...classes.map(index));
  return {
    kind: 'gardner',
    ordinal: (label) => (GRADE_LETTER.test(label.trim()) ? clamp01(1 - index(label) / span) : null),
  };
}

/** Fallback: the model's own class order, which (as in the seed model) lists classes worst to best. */
function modelOrderScale(classes: readonly string[]): GradeScale {
  return {
    kind: 'model-order',
    ordinal: (label) => {
      const i = classes.indexOf(label);
      if (i < 0) return null;
      return classes.length === 1 ? 1 : i / (classes.length - 1);
    },
  };
}

export function gradeScale(head: HeadName, classes: readonly string[]): GradeScale {
  const trimmed = classes.map((c) => c.trim());
  if (head === 'expansion' && trimmed.length > 0 && trimmed.every((c) => INTEGER.test(c))) return expansionScale();
  if (head !== 'expansion' && trimmed.length > 0 && trimmed.every((c) => GRADE_LETTER.test(c))) return letterScale(trimmed);
  return modelOrderScale(classes);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

// Builders for hand-made ranking cases (tests only).
import type { HeadName, HeadPrediction } from '../../../lib/types';
import type { RankingEmbryo } from '../types';

export function head(name: HeadName, classes: string[], probabilities: number[], lowConfidence = false): HeadPrediction {
  const best = probabilities.indexOf(Math.max(...probabilities));
  return { name, classes, probabilities, argmax: classes[best], lowConfidence };
}

/** A head that is certain of one grade, on the seed model's classes (2/3/4, C/B/A). */
export function certain(name: HeadName, grade: string, lowConfidence = false): HeadPrediction {
  const classes = name === 'expansion' ? ['2', '3', '4'] : ['C', 'B', 'A'];
  return head(name, classes, classes.map((c) => (c === grade ? 1 : 0)), lowConfidence);
}

/** An embryo whose AI grade is e.g. "4AB", every head certain. */
export function embryo(id: string, grade: string, extra: Partial<RankingEmbryo> = {}): RankingEmbryo {
  const [expansion, icm, te] = [grade.slice(0, -2), grade.at(-2)!, grade.at(-1)!];
  return { id, heads: [certain('expansion', expansion), certain('icm', icm), certain('te', te)], ...extra };
}

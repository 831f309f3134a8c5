// Platt scaling: p = sigmoid(a * score + c) fitted by Newton's method in float64 (two
// parameters; exact and the same on every platform). The outcome head is fitted under a
// strong L2 penalty, which ranks well but shrinks its scores towards 0.5; this restores
// probabilities that mean what they say on the training examples.
export interface Platt {
  a: number;
  c: number;
}

/** A small ridge on `a` keeps it finite when the scores separate the classes perfectly. */
const RIDGE = 1e-3;

export function fitPlatt(scores: readonly number[], targets: readonly (0 | 1)[]): Platt {
  let a = 1;
  let c = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = RIDGE * a;
    let gc = 0;
    let haa = RIDGE;
    let hac = 0;
    let hcc = 1e-9;
    scores.forEach((s, i) => {
      const p = 1 / (1 + Math.exp(-(a * s + c)));
      const r = p - targets[i]!;
      const w = p * (1 - p);
      ga += r * s;
      gc += r;
      haa += w * s * s;
      hac += w * s;
      hcc += w;
    });
    const det = haa * hcc - hac * hac;
    if (!(det > 0)) break;
    const da = (hcc * ga - hac * gc) / det;
    const dc = (haa * gc - hac * ga) / det;
    a -= da;
    c -= dc;
    if (Math.abs(da) + Math.abs(dc) < 1e-10) break;
  }
  return { a, c };
}

export const applyPlatt = ({ a, c }: Platt, score: number): number => 1 / (1 + Math.exp(-(a * score + c)));

// Seeded, stratified, nested subsets of a label's examples for the learning curve: each class's
// examples are shuffled once (seedrandom's Alea, as the folds are) and every fraction takes the
// first round(fraction · count) of each class, so 25 % lies inside 50 %, which lies inside 75 %:
// the points differ by the labels added, not by a fresh draw.
import seedrandom from 'seedrandom';

/** Indexes into `labels`, ascending, for each fraction (same order as `fractions`). */
export function stratifiedSubsets(labels: readonly (string | number)[], fractions: readonly number[], seed: string): number[][] {
  for (const f of fractions) if (!(f > 0 && f <= 1)) throw new Error(`stratifiedSubsets: a fraction must be in (0, 1], not ${f}`);
  const byClass = new Map<string, number[]>();
  labels.forEach((label, index) => byClass.set(String(label), [...(byClass.get(String(label)) ?? []), index]));
  const random = seedrandom.alea(seed);
  const shuffledClasses = [...byClass.keys()].sort().map((c) => {
    const items = [...byClass.get(c)!];
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  });
  return fractions.map((f) => shuffledClasses.flatMap((items) => items.slice(0, Math.max(1, Math.round(f * items.length)))).sort((a, b) => a - b));
}

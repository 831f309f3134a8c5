import { describe, expect, it } from 'vitest';
import { withinExpansionReport } from './within-expansion';

const CLASSES = ['A', 'B', 'C'];
const probs = (pA: number[]) => pA.map((p) => Float32Array.of(p, (1 - p) / 2, (1 - p) / 2));

/** 80 embryos: expansion 3 or 5; ICM A mostly with expansion 5. */
function embryos() {
  const expansion: string[] = [];
  const targets: number[] = [];
  for (let i = 0; i < 80; i++) {
    const e = i < 40 ? '3' : '5';
    expansion.push(e);
    const isA = e === '5' ? i % 4 !== 0 : i % 4 === 0;
    targets.push(isA ? 0 : 1 + (i % 2));
  }
  return { expansion, targets };
}

describe('withinExpansionReport', () => {
  const { expansion, targets } = embryos();
  const byExpansion = probs(expansion.map((e) => (e === '5' ? 0.8 : 0.2)));
  const byIcm = probs(targets.map((t, i) => (t === 0 ? 0.6 : 0.4) + (expansion[i] === '5' ? 0.3 : 0)));

  it('marks a head that ranks only by expansion: high overall, chance within', () => {
    const r = withinExpansionReport({ label: 'icm', classes: CLASSES, targets, expansion, probabilities: { base: byExpansion, learned: byExpansion }, bootstrapSeed: 's' });
    expect(r.overall!.learned.estimate).toBeGreaterThan(0.7);
    expect(r.within!.learned.estimate).toBe(0.5);
    expect(r.learnedExpansionOnly).toBe(true);
    expect(r.verdict).toBe('expansion-only');
    expect(r.note).toMatch(/^Learned expansion, not ICM/);
    expect(r.pairs).toBe(2 * 10 * 30);
  });

  it('keeps a head that ranks ICM within equal expansion, and compares the base on the same pairs', () => {
    const r = withinExpansionReport({ label: 'icm', classes: CLASSES, targets, expansion, probabilities: { base: byExpansion, learned: byIcm }, bootstrapSeed: 's' });
    expect(r.within!.learned.estimate).toBe(1);
    expect(r.within!.base.estimate).toBe(0.5);
    expect(r.learnedExpansionOnly).toBe(false);
    expect(r.verdict).toBe('within-expansion');
  });

  it('leaves out examples without an expansion grade, and says when nothing can be paired', () => {
    const none = withinExpansionReport({ label: 'te', classes: CLASSES, targets, expansion: targets.map(() => undefined), probabilities: { base: byIcm, learned: byIcm }, bootstrapSeed: 's' });
    expect(none).toMatchObject({ verdict: 'not-measured', learnedExpansionOnly: false, overall: null, examples: 0 });
    const apart = withinExpansionReport({ label: 'te', classes: CLASSES, targets: [0, 0, 1, 2], expansion: ['5', '5', '3', '3'], probabilities: { base: probs([0.9, 0.8, 0.1, 0.2]), learned: probs([0.9, 0.8, 0.1, 0.2]) }, bootstrapSeed: 's' });
    expect(apart.verdict).toBe('not-measured');
    expect(apart.note).toMatch(/no pair of equally expanded embryos/);
  });
});

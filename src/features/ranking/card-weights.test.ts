import { describe, expect, it } from 'vitest';
import { cardDefaultWeights, DEFAULT_WEIGHTS, effectiveRanking, leftOutNote, weightsSummary, type CardFigures } from './index';

/** A hand-made card's figures: per head its real-embryo ROC AUC and the verdict inference's bands give it. */
function figures(auc: Partial<Record<'ranking' | 'expansion' | 'icm' | 'te', number>>): CardFigures {
  const verdict = (a: number) => (a < 0.45 ? 'inverted' : a < 0.55 ? 'chance' : a < 0.7 ? 'weak' : 'signal');
  return { rows: Object.entries(auc).map(([name, a]) => ({ name, realRocAuc: a, verdict: verdict(a) })) };
}

describe('cardDefaultWeights', () => {
  it('leaves out the heads the card calls inverted or no better than chance on real embryos (the default card: ICM 0.49, TE 0.25)', () => {
    const result = cardDefaultWeights(figures({ ranking: 0.8, expansion: 0.799, icm: 0.49, te: 0.254 }));
    expect(result.weights).toEqual({ expansion: DEFAULT_WEIGHTS.expansion, icm: 0, te: 0 });
    expect(result.leftOut).toEqual([
      { head: 'icm', verdict: 'chance', rocAuc: 0.49 },
      { head: 'te', verdict: 'inverted', rocAuc: 0.254 },
    ]);
    expect(leftOutNote(result.leftOut)).toBe('ICM left out: no better than chance on real embryos (ROC AUC 0.49). TE left out: inverted on real embryos (ROC AUC 0.25).');
  });

  it('keeps weak and good heads, and heads the card has no real figure for', () => {
    const result = cardDefaultWeights(figures({ expansion: 0.6, te: 0.9 }));
    expect(result).toEqual({ weights: DEFAULT_WEIGHTS, leftOut: [] });
    expect(leftOutNote(result.leftOut)).toBe('');
  });

  it('keeps the literature defaults when every head would be left out, or there is no card', () => {
    expect(cardDefaultWeights(figures({ expansion: 0.5, icm: 0.3, te: 0.2 }))).toEqual({ weights: DEFAULT_WEIGHTS, leftOut: [] });
    expect(cardDefaultWeights(null)).toEqual({ weights: DEFAULT_WEIGHTS, leftOut: [] });
  });

  it('does not count a ranking row or a verdict without a figure', () => {
    const result = cardDefaultWeights({ rows: [{ name: 'ranking', realRocAuc: 0.3, verdict: 'inverted' }, { name: 'te', realRocAuc: null, verdict: 'inverted' }] });
    expect(result.weights).toEqual(DEFAULT_WEIGHTS);
  });
});

describe('effectiveRanking', () => {
  const card = figures({ expansion: 0.8, icm: 0.49, te: 0.25 });

  it('ranks with the card default while the user has chosen no weights', () => {
    const { options, leftOut } = effectiveRanking({ policy: 'expected-score' }, card);
    expect(options.weights).toEqual({ expansion: 0.2, icm: 0, te: 0 });
    expect(leftOut.map((h) => h.head)).toEqual(['icm', 'te']);
  });

  it("the user's own weights win", () => {
    const chosen = { expansion: 0.2, icm: 0.3, te: 0.5 };
    expect(effectiveRanking({ policy: 'expected-score', weights: chosen }, card)).toEqual({ options: { policy: 'expected-score', weights: chosen }, leftOut: [] });
  });
});

describe('weightsSummary', () => {
  it('says the normalised weights used and which heads were left out', () => {
    const { weights, leftOut } = cardDefaultWeights(figures({ te: 0.25 }));
    expect(weightsSummary(weights, leftOut)).toBe('weights Expansion 0.4, ICM 0.6, TE 0; TE left out: inverted on real embryos (ROC AUC 0.25).');
    expect(weightsSummary(DEFAULT_WEIGHTS)).toBe('weights Expansion 0.2, ICM 0.3, TE 0.5');
  });
});

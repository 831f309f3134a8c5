import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseModelCardText, type ModelCard } from './model-card';
import { learnedFigures, modelFigures, realSignalWarning, realVerdict, verdictText } from './model-figures';

const shippedCard = async () => parseModelCardText(await readFile(new URL('../../../public/models/default/grading.json', import.meta.url), 'utf8'));

function card(metrics: Record<string, unknown> | undefined): ModelCard {
  return {
    id: 'm',
    version: '1',
    architecture: 'vgg16',
    input: { size: [128, 128], normalization: 'samplewise', resize: 'bilinear' },
    heads: [
      { name: 'expansion', output: 'e', classes: ['1', '2', '3', '4', '5', '6'] },
      { name: 'icm', output: 'i', classes: ['A', 'B', 'C'] },
      { name: 'te', output: 't', classes: ['A', 'B', 'C'] },
    ],
    weights: {},
    intendedUse: 'Research demonstration only.',
    ...(metrics ? { metrics } : {}),
  } as unknown as ModelCard;
}

describe('modelFigures', () => {
  it('reads the shipped card: phantom macro-F1 beside the real ROC AUC, with and without adaptation', async () => {
    const shipped = await shippedCard();
    const metrics = shipped.metrics as { test: { heads: Record<string, { macroF1: number }> }; realSignal: { n: number; rocAuc: Record<string, number>; adapted: { rocAuc: Record<string, number> } } };
    const figures = modelFigures(shipped);
    expect(figures.rows.map((r) => r.name)).toEqual(['ranking', 'expansion', 'icm', 'te']);
    for (const row of figures.rows) {
      expect(row.realRocAuc).toBe(metrics.realSignal.rocAuc[row.name]);
      expect(row.adaptedRocAuc).toBe(metrics.realSignal.adapted.rocAuc[row.name]);
      expect(row.phantomMacroF1).toBe(row.name === 'ranking' ? null : metrics.test.heads[row.name]!.macroF1);
    }
    expect(figures.realN).toBe(metrics.realSignal.n);
    expect(figures.realData).toMatch(/never trained on/);
    expect(figures.phantomData).toMatch(/held-out phantoms/);
  });

  it('leaves out what a card does not report, and ignores malformed figures', () => {
    expect(modelFigures(card(undefined)).rows).toEqual([]);
    const figures = modelFigures(card({ realSignal: { rocAuc: { expansion: 0.7, icm: 'high', te: Number.NaN } }, test: { heads: { icm: { macroF1: 0.9, n: 40 } } } }));
    expect(figures.rows).toEqual([
      { name: 'expansion', phantomMacroF1: null, phantomN: null, realRocAuc: 0.7, adaptedRocAuc: null, verdict: 'signal' },
      { name: 'icm', phantomMacroF1: 0.9, phantomN: 40, realRocAuc: null, adaptedRocAuc: null, verdict: null },
    ]);
  });
});

describe('realVerdict', () => {
  it('bands a ROC AUC: below 0.45 inverted, to 0.55 chance, to 0.7 weak, then signal', () => {
    expect([0.25, 0.449, 0.45, 0.549, 0.55, 0.699, 0.7, 0.95].map(realVerdict)).toEqual(['inverted', 'inverted', 'chance', 'chance', 'weak', 'weak', 'signal', 'signal']);
  });

  it('says what the figure means in pairs', () => {
    expect(verdictText('signal', 0.8)).toBe('a good embryo scored above a not-good one in 80 % of pairs');
    expect(verdictText('inverted', 0.254)).toMatch(/^inverted: .* in 25 % of pairs; higher grades went with embryos the lab called not good$/);
  });
});

describe('realSignalWarning', () => {
  it('names the shipped model\'s heads that carry no signal or the opposite one on real embryos', async () => {
    expect(await shippedCard().then(realSignalWarning)).toBe(
      'Measured on 140 real embryos, this model\'s grades were inner cell mass no better than chance (ROC AUC 0.47), trophectoderm inverted (ROC AUC 0.26): do not rely on those grades.',
    );
  });

  it('says nothing when every measured head beats chance, or nothing was measured on real embryos', () => {
    expect(realSignalWarning(card({ realSignal: { rocAuc: { ranking: 0.4, expansion: 0.8, icm: 0.6, te: 0.75 } } }))).toBeNull();
    expect(realSignalWarning(card({ test: { heads: { te: { macroF1: 0.99, n: 400 } } } }))).toBeNull();
  });

  it('names a single poor head in the singular', () => {
    expect(realSignalWarning(card({ realSignal: { n: 20, rocAuc: { expansion: 0.8, te: 0.3 } } }))).toBe(
      'Measured on 20 real embryos, this model\'s grades were trophectoderm inverted (ROC AUC 0.30): do not rely on that grade.',
    );
  });
});

describe('an adapted model', () => {
  it('shows its base model\'s figures as the base\'s, and warns in the base\'s name', async () => {
    const shipped = await shippedCard();
    const adapted = {
      ...card({ beforeAdaptation: { model: 'default 0.2.0', ...shipped.metrics } }),
      adaptation: { method: 'adabn-folded', baseModel: { id: 'default', version: '0.2.0', hash: 'a'.repeat(64) }, images: 12, layers: ['c1'], date: '2026-11-29T00:00:00Z' },
    } as unknown as ModelCard;
    const figures = modelFigures(adapted);
    expect(figures.baseModel).toBe('default 0.2.0');
    expect(figures.rows).toEqual(modelFigures(shipped).rows);
    expect(realSignalWarning(adapted)).toMatch(/^Measured on 140 real embryos, the grades of default 0\.2\.0, which this model was adapted from, were inner cell mass no better than chance/);
  });

  it('does not read beforeAdaptation on a card that was not adapted', () => {
    expect(modelFigures(card({ beforeAdaptation: { realSignal: { rocAuc: { te: 0.2 } } } })).rows).toEqual([]);
  });
});

describe('learnedFigures', () => {
  const interval = (estimate: number, low: number, high: number) => ({ estimate, low, high, resamples: 1000 });
  it('reads a learned card\'s cross-validated report: ROC AUC for the outcome, macro-F1 for grades, base beside learned', () => {
    const learned = {
      ...card(undefined),
      learning: {
        method: 'heads-retrained',
        validation: {
          folds: 5,
          examples: 139,
          perLabel: [
            { label: 'expansion', examples: 120, base: { macroF1: interval(0.2, 0.1, 0.3) }, learned: { macroF1: interval(0.6, 0.5, 0.7) }, featureSet: { chosen: 'blocks345-mean' } },
            { label: 'outcome', examples: 139, base: { auc: interval(0.8, 0.72, 0.87), macroF1: interval(0.1, 0, 0.2) }, learned: { auc: interval(0.795, 0.713, 0.871) } },
          ],
        },
      },
    } as unknown as ModelCard;
    expect(learnedFigures(learned)).toEqual({
      folds: 5,
      examples: 139,
      rows: [
        { label: 'expansion', examples: 120, metric: 'macro-F1', base: { estimate: 0.2, low: 0.1, high: 0.3 }, learned: { estimate: 0.6, low: 0.5, high: 0.7 }, featureSet: 'blocks345-mean' },
        { label: 'outcome', examples: 139, metric: 'ROC AUC', base: { estimate: 0.8, low: 0.72, high: 0.87 }, learned: { estimate: 0.795, low: 0.713, high: 0.871 } },
      ],
    });
  });

  it('reads ICM/TE within-expansion figures beside the overall ones, with the learned-expansion-only marker', () => {
    const learned = {
      ...card(undefined),
      learning: {
        method: 'heads-retrained',
        validation: {
          folds: 5,
          examples: 90,
          perLabel: [
            {
              label: 'icm', examples: 90, base: { macroF1: interval(0.3, 0.2, 0.4) }, learned: { macroF1: interval(0.5, 0.4, 0.6) },
              withinExpansion: {
                positiveClass: 'A', overall: { base: interval(0.6, 0.5, 0.7), learned: interval(0.8, 0.7, 0.9) },
                within: { base: interval(0.5, 0.4, 0.6), learned: interval(0.52, 0.42, 0.62) }, learnedExpansionOnly: true, note: 'Learned expansion, not ICM.',
              },
            },
            { label: 'te', examples: 90, base: { macroF1: interval(0.3, 0.2, 0.4) }, learned: { macroF1: interval(0.5, 0.4, 0.6) }, withinExpansion: { verdict: 'not-measured', within: null } },
          ],
        },
      },
    } as unknown as ModelCard;
    const [icm, te] = learnedFigures(learned)!.rows;
    expect(icm!.withinExpansion).toEqual({
      positiveClass: 'A',
      overall: { base: { estimate: 0.6, low: 0.5, high: 0.7 }, learned: { estimate: 0.8, low: 0.7, high: 0.9 } },
      within: { base: { estimate: 0.5, low: 0.4, high: 0.6 }, learned: { estimate: 0.52, low: 0.42, high: 0.62 } },
      learnedExpansionOnly: true,
      note: 'Learned expansion, not ICM.',
    });
    expect(te!.withinExpansion).toBeUndefined();
  });

  it('is null for a model not learned from a lab, and skips malformed entries', async () => {
    expect(learnedFigures(await shippedCard())).toBeNull();
    const odd = { ...card(undefined), learning: { validation: { perLabel: [7, { label: 'te', base: { macroF1: 'x' } }] } } } as unknown as ModelCard;
    expect(learnedFigures(odd)).toEqual({ folds: null, examples: null, rows: [{ label: 'te', examples: null, metric: 'macro-F1', base: null, learned: null }] });
  });
});

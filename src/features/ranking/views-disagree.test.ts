import { describe, expect, it } from 'vitest';
import type { HeadPrediction, ViewAgreement } from '../../lib/types';
import { rankEmbryos } from './index';
import { resolveHeads } from './resolve-heads';
import { certain, embryo } from './testing/embryos';
import type { RankingEmbryo } from './types';

const withViews = (e: RankingEmbryo, agreement: Partial<Record<HeadPrediction['name'], ViewAgreement>>): RankingEmbryo => ({
  ...e,
  heads: e.heads!.map((h) => (agreement[h.name] ? { ...h, viewAgreement: agreement[h.name] } : h)),
});

describe('the views-disagree flag', () => {
  it('names the head, the views and the call when fewer than 3/4 of the views make it', () => {
    const { flags } = resolveHeads(withViews(embryo('e', '4AB'), { expansion: { agree: 5, of: 8 }, te: { agree: 3, of: 4 } }), true);
    expect(flags).toEqual([
      { kind: 'views-disagree', head: 'expansion', message: "Expansion: the model's 8 views of this crop disagree (5 of 8 call 4); review it." },
    ]);
    expect(resolveHeads(withViews(embryo('e', '4AB'), { icm: { agree: 2, of: 4 } }), true).flags).toEqual([
      { kind: 'views-disagree', head: 'icm', message: "ICM: the model's 4 views of this crop disagree (2 of 4 call A); review it." },
    ]);
  });

  it('is not raised at 6 of 8, nor for a prediction stored without the agreement', () => {
    expect(resolveHeads(withViews(embryo('e', '4AB'), { expansion: { agree: 6, of: 8 }, icm: { agree: 8, of: 8 } }), true).flags).toEqual([]);
    expect(resolveHeads(embryo('old', '4AB'), true).flags).toEqual([]);
  });

  it('goes once the embryologist grades the head, and comes back on AI grades only', () => {
    const e = withViews(embryo('e', '4AB'), { te: { agree: 4, of: 8 } });
    expect(resolveHeads({ ...e, finalGrades: { te: 'B' } }, true).flags).toEqual([]);
    expect(resolveHeads({ ...e, finalGrades: { te: 'B' } }, false).flags.map((f) => f.kind)).toEqual(['views-disagree']);
  });

  it('says nothing about a head whose AI output is not used (below expansion 3)', () => {
    const { flags } = resolveHeads(withViews(embryo('e', '2AB'), { icm: { agree: 3, of: 8 } }), true);
    expect(flags.map((f) => f.kind)).toEqual(['not-gradable', 'not-gradable']);
  });

  it('sits beside low confidence on the same head', () => {
    const e = { id: 'e', heads: [certain('expansion', '4', true), certain('icm', 'A'), certain('te', 'B')] };
    expect(resolveHeads(withViews(e, { expansion: { agree: 4, of: 8 } }), true).flags.map((f) => f.kind)).toEqual(['low-confidence', 'views-disagree']);
  });
});

describe('ranking with the views-disagree flag', () => {
  const doubted = withViews(embryo('doubted', '4AA'), { expansion: { agree: 5, of: 8 } });
  const input = [embryo('clean', '3BB'), doubted];

  it('informs but does not demote: the embryo keeps its place among the clean ones', () => {
    for (const policy of ['expected-score', 'gardner-lexicographic', 'weill-cornell'] as const) {
      const ranked = rankEmbryos(input, { policy });
      expect(ranked.map((r) => [r.id, r.rank, r.group])).toEqual([['doubted', 1, 'clean'], ['clean', 2, 'clean']]);
      expect(ranked[0]!.flags.map((f) => f.kind)).toEqual(['views-disagree']);
    }
  });

  it('a demoting flag beside it still demotes', () => {
    const alsoLow = { ...doubted, heads: doubted.heads!.map((h) => (h.name === 'te' ? { ...h, lowConfidence: true } : h)) };
    const ranked = rankEmbryos([embryo('clean', '3BB'), alsoLow], { policy: 'expected-score' });
    expect(ranked.map((r) => [r.id, r.group])).toEqual([['clean', 'clean'], ['doubted', 'flagged']]);
  });
});

import { describe, expect, it } from 'vitest';
import { NOT_GRADABLE } from '../../lib/types';
import { RANKING_POLICIES, rankEmbryos, type RankedEmbryo } from './index';
import { certain, embryo, head } from './testing/embryos';

const ids = (ranked: RankedEmbryo[]) => ranked.map((r) => r.id);
const ranks = (ranked: RankedEmbryo[]) => ranked.map((r) => r.rank);
const byId = (ranked: RankedEmbryo[], id: string) => ranked.find((r) => r.id === id)!;

describe('policy metadata', () => {
  it('names, describes and cites every policy', () => {
    expect(RANKING_POLICIES.map((p) => p.id)).toEqual(['expected-score', 'gardner-lexicographic', 'weill-cornell', 'outcome']);
    for (const p of RANKING_POLICIES) {
      expect(p.name.length).toBeGreaterThan(5);
      expect(p.description.length).toBeGreaterThan(40);
      expect(p.citation).toMatch(/\d{4}/);
    }
  });
});

describe('expected-score policy', () => {
  it('computes the weighted expected ordinal (default TE 0.5, ICM 0.3, expansion 0.2)', () => {
    const [r] = rankEmbryos([embryo('a', '4AA')], { policy: 'expected-score' });
    // expansion 4 -> (4-1)/5 = 0.6; A -> 1: 0.2*0.6 + 0.3 + 0.5
    expect(r.score).toBeCloseTo(0.92, 12);
    expect(r.scoreLabel).toBe('0.920');
    expect(r.rank).toBe(1);
    expect(r.grade).toBe('4AA');
  });

  it('weights TE above ICM: 4CA outranks 4AC', () => {
    const ranked = rankEmbryos([embryo('icm-good', '4AC'), embryo('te-good', '4CA')], { policy: 'expected-score' });
    expect(ids(ranked)).toEqual(['te-good', 'icm-good']);
    expect(byId(ranked, 'te-good').score).toBeCloseTo(0.12 + 0.5, 12);
    expect(byId(ranked, 'icm-good').score).toBeCloseTo(0.12 + 0.3, 12);
  });

  it('uses the probabilities, not only the argmax', () => {
    const sure = embryo('sure', '4AA');
    const unsure = {
      id: 'unsure',
      heads: [certain('expansion', '4'), certain('icm', 'A'), head('te', ['C', 'B', 'A'], [0.2, 0.3, 0.5])],
    };
    const ranked = rankEmbryos([unsure, sure], { policy: 'expected-score' });
    expect(ids(ranked)).toEqual(['sure', 'unsure']);
    // TE expectation 0.2*0 + 0.3*0.5 + 0.5*1 = 0.65
    expect(byId(ranked, 'unsure').score).toBeCloseTo(0.12 + 0.3 + 0.5 * 0.65, 12);
    expect(byId(ranked, 'unsure').grade).toBe('4AA');
  });

  it('honours configured weights', () => {
    const ranked = rankEmbryos([embryo('icm-good', '4AC'), embryo('te-good', '4CA')], {
      policy: 'expected-score',
      weights: { icm: 2, te: 1, expansion: 0 },
    });
    expect(ids(ranked)).toEqual(['icm-good', 'te-good']);
    expect(byId(ranked, 'icm-good').score).toBeCloseTo(2 / 3, 12);
    expect(() => rankEmbryos([], { policy: 'expected-score', weights: { te: -1 } })).toThrow(/te must be/);
    expect(() => rankEmbryos([], { policy: 'expected-score', weights: { te: 0, icm: 0, expansion: 0 } })).toThrow(/all be 0/);
  });

  it('counts an overridden head as its final grade with certainty, unless ranking on AI grades only', () => {
    const overridden = embryo('b', '4AA', { finalGrades: { te: 'C', icm: null } });
    const other = embryo('a', '4AB');
    const final = rankEmbryos([overridden, other], { policy: 'expected-score' });
    expect(ids(final)).toEqual(['a', 'b']);
    expect(byId(final, 'b').score).toBeCloseTo(0.12 + 0.3 + 0, 12);
    expect(byId(final, 'b').grade).toBe('4AC');

    const aiOnly = rankEmbryos([overridden, other], { policy: 'expected-score', useFinalGrades: false });
    expect(ids(aiOnly)).toEqual(['b', 'a']);
    expect(byId(aiOnly, 'b').grade).toBe('4AA');
  });

  it('gives the same answer whatever order the model lists its classes in', () => {
    const reversed = {
      id: 'r',
      heads: [head('expansion', ['4', '3', '2'], [0.7, 0.2, 0.1]), head('icm', ['A', 'B', 'C'], [0.6, 0.3, 0.1]), head('te', ['A', 'B', 'C'], [0.1, 0.6, 0.3])],
    };
    const seedOrder = {
      id: 's',
      heads: [head('expansion', ['2', '3', '4'], [0.1, 0.2, 0.7]), head('icm', ['C', 'B', 'A'], [0.1, 0.3, 0.6]), head('te', ['C', 'B', 'A'], [0.3, 0.6, 0.1])],
    };
    const ranked = rankEmbryos([reversed, seedOrder], { policy: 'expected-score' });
    expect(ranked[0].score).toBeCloseTo(ranked[1].score!, 12);
    expect(ranked.every((r) => r.rank === 1 && r.tie)).toBe(true);
  });

  it('works with an expansion head of classes 1-6', () => {
    const six = ['1', '2', '3', '4', '5', '6'];
    const a = { id: 'hatching', heads: [head('expansion', six, [0, 0, 0, 0, 1, 0]), certain('icm', 'B'), certain('te', 'B')] };
    const b = { id: 'early', heads: [head('expansion', six, [1, 0, 0, 0, 0, 0]), certain('icm', 'B'), certain('te', 'B')] };
    const ranked = rankEmbryos([b, a], { policy: 'expected-score' });
    expect(ids(ranked)).toEqual(['hatching', 'early']);
    expect(byId(ranked, 'hatching').score).toBeCloseTo(0.2 * 0.8 + 0.3 * 0.5 + 0.5 * 0.5, 12);
  });
});

describe('gardner-lexicographic policy', () => {
  it('compares expansion, then ICM, then TE', () => {
    const ranked = rankEmbryos(
      [embryo('4BA', '4BA'), embryo('3AA', '3AA'), embryo('4AB', '4AB'), embryo('4AC', '4AC')],
      { policy: 'gardner-lexicographic' },
    );
    expect(ids(ranked)).toEqual(['4AB', '4AC', '4BA', '3AA']);
    expect(ranks(ranked)).toEqual([1, 2, 3, 4]);
    expect(ranked[0].score).toBeNull();
    expect(ranked[0].scoreLabel).toBe('4AB');
  });

  it('ignores probabilities beyond the predicted grade, so equal grades tie', () => {
    const confident = embryo('confident', '4AA');
    const hesitant = { id: 'hesitant', heads: [certain('expansion', '4'), head('icm', ['C', 'B', 'A'], [0.3, 0.3, 0.4]), certain('te', 'A')] };
    const ranked = rankEmbryos([hesitant, embryo('low', '3BB'), confident], { policy: 'gardner-lexicographic' });
    expect(ids(ranked)).toEqual(['hesitant', 'confident', 'low']); // tie kept in input order
    expect(ranks(ranked)).toEqual([1, 1, 3]);
    expect(ranked[0].tiedWith).toEqual(['confident']);
    expect(ranked[1].tiedWith).toEqual(['hesitant']);
    expect(ranked[2].tie).toBe(false);
  });
});

describe('weill-cornell policy', () => {
  it('sums 1-4 points per component, lower is better', () => {
    const ranked = rankEmbryos([embryo('3BC', '3BC'), embryo('4AA', '4AA'), embryo('3CC', '3CC')], { policy: 'weill-cornell' });
    expect(ids(ranked)).toEqual(['4AA', '3BC', '3CC']);
    expect(ranked.map((r) => r.score)).toEqual([3, 2 + 2 + 3, 2 + 3 + 3]);
    expect(ranked.map((r) => r.scoreLabel)).toEqual(['BS 3 (good)', 'BS 7 (fair)', 'BS 8 (fair)']);
  });

  it('adds 2 for day 6 and (our choice) day 7, batch-wide or per embryo', () => {
    const d6 = rankEmbryos([embryo('a', '4AA')], { policy: 'weill-cornell', day: 'D6' });
    expect(d6[0].score).toBe(5);
    const d7 = rankEmbryos([embryo('a', '4AA')], { policy: 'weill-cornell', day: 'D7' });
    expect(d7[0].score).toBe(5);
    const mixed = rankEmbryos([embryo('d6-4AA', '4AA', { day: 'D6' }), embryo('d5-4AB', '4AB')], { policy: 'weill-cornell', day: 'D5' });
    expect(ids(mixed)).toEqual(['d5-4AB', 'd6-4AA']);
    expect(mixed.map((r) => r.score)).toEqual([4, 5]);
  });

  it('reports equal scores as ties with a shared rank (competition ranking)', () => {
    // 4AB = 1+1+2 = 4 and 3AA = 2+1+1 = 4
    const ranked = rankEmbryos([embryo('x', '4AA'), embryo('y', '4AB'), embryo('z', '3AA'), embryo('w', '3CC')], { policy: 'weill-cornell' });
    expect(ids(ranked)).toEqual(['x', 'y', 'z', 'w']);
    expect(ranks(ranked)).toEqual([1, 2, 2, 4]);
    expect(byId(ranked, 'y').tiedWith).toEqual(['z']);
    expect(byId(ranked, 'w').tie).toBe(false);
  });

  it('takes a lab-supplied points table', () => {
    const ranked = rankEmbryos([embryo('a', '4AC')], { policy: 'weill-cornell', weillCornellPoints: { te: { A: 1, B: 2, C: 4 } } });
    expect(ranked[0].score).toBe(1 + 1 + 4);
  });
});

describe('flags and unranked embryos', () => {
  it('flags a not-gradable head and ranks it after every clean embryo', () => {
    const ng = embryo('ng', '4AA', { finalGrades: { icm: NOT_GRADABLE } });
    const input = [ng, embryo('clean-low', '3CC'), embryo('clean-high', '4BB')];
    for (const policy of ['expected-score', 'gardner-lexicographic', 'weill-cornell'] as const) {
      const ranked = rankEmbryos(input, { policy });
      expect(ids(ranked)).toEqual(['clean-high', 'clean-low', 'ng']);
      expect(ranks(ranked)).toEqual([1, 2, 3]);
      const flagged = byId(ranked, 'ng');
      expect(flagged.group).toBe('flagged');
      expect(flagged.flags).toEqual([{ kind: 'not-gradable', head: 'icm', message: 'ICM marked not gradable.' }]);
      expect(flagged.grade).toBe('4–A');
      expect(flagged.demotion).toBe('Ranked after unflagged embryos: ICM not graded');
    }
    expect(byId(rankEmbryos(input, { policy: 'weill-cornell' }), 'ng').score).toBe(1 + 4 + 1);
    expect(byId(rankEmbryos(input, { policy: 'expected-score' }), 'ng').score).toBeCloseTo(0.12 + 0.5, 12);
    // Ranking on AI grades only ignores the override.
    const aiOnly = rankEmbryos(input, { policy: 'expected-score', useFinalGrades: false });
    expect(ids(aiOnly)[0]).toBe('ng');
    expect(byId(aiOnly, 'ng').flags).toEqual([]);
  });

  it('orders and ties flagged embryos among themselves', () => {
    const input = [
      embryo('ng-a', '3BB', { finalGrades: { te: NOT_GRADABLE } }),
      embryo('ng-b', '4BB', { finalGrades: { te: NOT_GRADABLE } }),
      embryo('ng-c', '4BB', { finalGrades: { te: NOT_GRADABLE } }),
    ];
    const ranked = rankEmbryos(input, { policy: 'gardner-lexicographic' });
    expect(ids(ranked)).toEqual(['ng-b', 'ng-c', 'ng-a']);
    expect(ranks(ranked)).toEqual([1, 1, 3]);
  });

  it('flags a low-confidence AI head until the embryologist sets its grade', () => {
    const doubtful = { id: 'doubtful', heads: [certain('expansion', '4'), certain('icm', 'A'), certain('te', 'A', true)] };
    const ranked = rankEmbryos([doubtful, embryo('clean', '3BB')], { policy: 'expected-score' });
    expect(ids(ranked)).toEqual(['clean', 'doubtful']);
    expect(byId(ranked, 'doubtful').flags).toEqual([
      { kind: 'low-confidence', head: 'te', message: 'TE: low-confidence AI grade (A); review it.' },
    ]);
    // It scores higher than the clean 3BB, so the table and the sheet say why it ranks after it.
    expect(byId(ranked, 'doubtful').score!).toBeGreaterThan(byId(ranked, 'clean').score!);
    expect(byId(ranked, 'doubtful').demotion).toBe('Ranked after unflagged embryos: TE low-confidence AI grade');
    expect(byId(ranked, 'clean').demotion).toBeNull();
    const reviewed = rankEmbryos([{ ...doubtful, finalGrades: { te: 'A' } }, embryo('clean', '3BB')], { policy: 'expected-score' });
    expect(ids(reviewed)).toEqual(['doubtful', 'clean']);
    expect(reviewed[0].flags).toEqual([]);
    expect(reviewed[0].demotion).toBeNull();
    // The AI-only toggle brings the AI's doubt back.
    expect(rankEmbryos([{ ...doubtful, finalGrades: { te: 'A' } }], { policy: 'expected-score', useFinalGrades: false })[0].group).toBe('flagged');
  });

  it('leaves embryos without a prediction unranked, at the end, in input order', () => {
    const ranked = rankEmbryos([{ id: 'err1', heads: null }, embryo('ok', '3BB'), { id: 'err2', heads: null }], { policy: 'weill-cornell' });
    expect(ids(ranked)).toEqual(['ok', 'err1', 'err2']);
    expect(ranks(ranked)).toEqual([1, null, null]);
    expect(ranked[1]).toMatchObject({ group: 'unranked', score: null, tie: false, tiedWith: [], flags: [{ kind: 'no-prediction' }] });
  });

  it('flags a missing head and an override the scale does not know', () => {
    const noTe = { id: 'no-te', heads: [certain('expansion', '4'), certain('icm', 'A')] };
    const odd = { id: 'odd', heads: [head('expansion', ['2', '3', '4'], [0, 0, 1]), head('icm', ['low', 'high'], [0, 1]), certain('te', 'A')], finalGrades: { icm: 'mid' } };
    const ranked = rankEmbryos([noTe, odd, embryo('clean', '3CC')], { policy: 'expected-score' });
    expect(ids(ranked)[0]).toBe('clean');
    expect(byId(ranked, 'no-te').flags.map((f) => f.kind)).toEqual(['missing-head']);
    expect(byId(ranked, 'no-te').grade).toBe('4A?');
    expect(byId(ranked, 'odd').flags.map((f) => f.kind)).toEqual(['unknown-grade']);
  });

  it('does not use AI ICM/TE grades below expansion 3 (Gardner), unless the embryologist enters them', () => {
    const early = embryo('early', '2AA');
    const ranked = rankEmbryos([early, embryo('full', '3CC')], { policy: 'expected-score' });
    expect(ids(ranked)).toEqual(['full', 'early']);
    expect(byId(ranked, 'early').group).toBe('flagged');
    expect(byId(ranked, 'early').flags).toEqual([
      { kind: 'not-gradable', head: 'icm', message: "ICM: not graded below expansion 3 (Gardner); the AI's ICM output is not used." },
      { kind: 'not-gradable', head: 'te', message: "TE: not graded below expansion 3 (Gardner); the AI's TE output is not used." },
    ]);
    const entered = rankEmbryos([{ ...early, finalGrades: { icm: 'A', te: 'A' } }], { policy: 'expected-score' });
    expect(entered[0].flags).toEqual([]);
    // an embryologist's expansion 3 makes the AI's ICM/TE count again
    const reviewed = rankEmbryos([{ ...early, finalGrades: { expansion: '3' } }], { policy: 'expected-score' });
    expect(reviewed[0].flags).toEqual([]);
  });

  it("follows the model card's own grading rule carried on each head", () => {
    // a lab model whose card says: ICM from expansion 4 on, TE at every expansion
    const ruled = (id: string, grade: string) => {
      const e = embryo(id, grade);
      return { ...e, heads: e.heads!.map((h) => (h.name === 'icm' ? { ...h, gradedFromExpansion: '4' } : h.name === 'te' ? { ...h, gradedFromExpansion: '2' } : h)) };
    };
    const [three] = rankEmbryos([ruled('three', '3AA')], { policy: 'expected-score' });
    expect(three.flags).toEqual([
      { kind: 'not-gradable', head: 'icm', message: "ICM: not graded below expansion 4 (this model's grading rule); the AI's ICM output is not used." },
    ]);
    expect(three.grade).toBe('3–A');
    const [two] = rankEmbryos([ruled('two', '2AA')], { policy: 'expected-score' });
    expect(two.flags.map((f) => f.head)).toEqual(['icm']);
    const [four] = rankEmbryos([ruled('four', '4AA')], { policy: 'expected-score' });
    expect(four.flags).toEqual([]);
    // the embryologist's expansion grade moves the embryo across the card's threshold
    const [reviewed] = rankEmbryos([{ ...ruled('three', '3AA'), finalGrades: { expansion: '4' } }], { policy: 'expected-score' });
    expect(reviewed.flags).toEqual([]);
  });

  it('applies the rule on the expansion scale of model-ordered (non-numeric) expansion classes', () => {
    const stages = ['early', 'full', 'expanded'];
    const at = (stage: string) => ({
      id: stage,
      heads: [
        head('expansion', stages, stages.map((s) => (s === stage ? 1 : 0))),
        { ...certain('icm', 'A'), gradedFromExpansion: 'full' },
        { ...certain('te', 'A'), gradedFromExpansion: 'full' },
      ],
    });
    expect(rankEmbryos([at('early')], { policy: 'expected-score' })[0].flags.map((f) => f.kind)).toEqual(['not-gradable', 'not-gradable']);
    expect(rankEmbryos([at('full')], { policy: 'expected-score' })[0].flags).toEqual([]);
  });

  it('handles an empty batch', () => {
    expect(rankEmbryos([], { policy: 'expected-score' })).toEqual([]);
  });
});

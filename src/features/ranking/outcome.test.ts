import { describe, expect, it } from 'vitest';
import { NOT_GRADABLE } from '../../lib/types';
import { policyUnavailableReason, rankEmbryos, rankingEmbryo, RANKING_POLICIES, type RankedEmbryo, type RankingEmbryo } from './index';
import { certain, embryo } from './testing/embryos';

const ids = (ranked: RankedEmbryo[]) => ranked.map((r) => r.id);
const ranks = (ranked: RankedEmbryo[]) => ranked.map((r) => r.rank);
const byId = (ranked: RankedEmbryo[], id: string) => ranked.find((r) => r.id === id)!;
/** An embryo graded `grade` whose outcome head says `p` (undefined: a model without one). */
const scored = (id: string, p: number | undefined, grade = '4BB', extra: Partial<RankingEmbryo> = {}): RankingEmbryo =>
  embryo(id, grade, { ...(p === undefined ? {} : { outcome: { probability: p, positiveLabel: 'good' } }), ...extra });
const byOutcome = (input: RankingEmbryo[], useFinalGrades = true) => rankEmbryos(input, { policy: 'outcome', useFinalGrades });

describe('lab outcome policy', () => {
  it('is listed, named "Lab outcome" and explained like the others', () => {
    const policy = RANKING_POLICIES.find((p) => p.id === 'outcome')!;
    expect(policy.name).toBe('Lab outcome');
    expect(policy.betterIs).toBe('higher');
    expect(policy.description).toMatch(/probability/);
    expect(policy.description).toMatch(/after/);
  });

  it('orders by the outcome probability, whatever the grades say', () => {
    const ranked = byOutcome([scored('a', 0.2, '4AA'), scored('b', 0.9, '3CC'), scored('c', 0.55, '4BA')]);
    expect(ids(ranked)).toEqual(['b', 'c', 'a']);
    expect(ranks(ranked)).toEqual([1, 2, 3]);
    expect(ranked.map((r) => r.score)).toEqual([0.9, 0.55, 0.2]);
    expect(ranked.map((r) => r.scoreLabel)).toEqual(['0.900', '0.550', '0.200']);
    expect(ranked[0]!.grade).toBe('3CC');
  });

  it('equal probabilities share a rank, listed in input order', () => {
    const ranked = byOutcome([scored('x', 0.4), scored('y', 0.7), scored('z', 0.4), scored('w', 0.4 + 1e-12)]);
    expect(ids(ranked)).toEqual(['y', 'x', 'z', 'w']);
    expect(ranks(ranked)).toEqual([1, 2, 2, 2]);
    expect(byId(ranked, 'x').tiedWith).toEqual(['z', 'w']);
  });

  it('ranks an embryo without an outcome probability after every one with it, flagged, and leaves the not graded unranked last', () => {
    const ranked = byOutcome([{ id: 'failed', heads: null }, scored('old-model', undefined, '4AA'), scored('low', 0.05), scored('high', 0.6)]);
    expect(ids(ranked)).toEqual(['high', 'low', 'old-model', 'failed']);
    expect(ranks(ranked)).toEqual([1, 2, 3, null]);
    const old = byId(ranked, 'old-model');
    expect(old).toMatchObject({ group: 'flagged', score: null, scoreLabel: 'no outcome' });
    expect(old.flags).toEqual([{ kind: 'no-outcome', message: 'No lab outcome probability (graded by a model without an outcome head); ranked after the others.' }]);
    expect(byId(ranked, 'failed')).toMatchObject({ group: 'unranked', rank: null, flags: [{ kind: 'no-prediction' }] });
    // two without a probability have nothing to tell them apart
    expect(ranks(byOutcome([scored('p', undefined), scored('q', undefined), scored('r', 0.1)]))).toEqual([1, 2, 2]);
  });

  it("shows the AI's grade flags without letting them move the embryo; the embryologist's not gradable does", () => {
    const early = scored('early', 0.8, '2AA'); // ICM and TE not graded below expansion 3
    const doubtful = { ...scored('doubtful', 0.7), heads: [certain('expansion', '4'), certain('icm', 'B', true), certain('te', 'B')] };
    const marked = scored('marked', 0.95, '4AA', { finalGrades: { icm: NOT_GRADABLE } });
    const ranked = byOutcome([scored('clean', 0.5), marked, early, doubtful]);
    expect(ids(ranked)).toEqual(['early', 'doubtful', 'clean', 'marked']);
    expect(byId(ranked, 'early')).toMatchObject({ group: 'clean', rank: 1 });
    expect(byId(ranked, 'early').flags.map((f) => f.kind)).toEqual(['not-gradable', 'not-gradable']);
    expect(byId(ranked, 'doubtful').flags.map((f) => f.kind)).toEqual(['low-confidence']);
    expect(byId(ranked, 'marked')).toMatchObject({ group: 'flagged', rank: 4, flags: [{ kind: 'not-gradable', message: 'ICM marked not gradable.' }] });
    // on AI grades only, the override is set aside
    expect(ids(byOutcome([scored('clean', 0.5), marked], false))).toEqual(['marked', 'clean']);
  });

  it("takes the probability from the image's prediction", () => {
    const prediction = { heads: embryo('_', '4AA').heads!, outcome: { probability: 0.3, positiveLabel: 'fetal heart' } };
    expect(rankingEmbryo('a', prediction).outcome).toEqual({ probability: 0.3, positiveLabel: 'fetal heart' });
    expect(rankingEmbryo('b', { heads: prediction.heads })).not.toHaveProperty('outcome');
  });

  it('leaves the other policies as they were when an embryo has an outcome', () => {
    const input = [scored('a', 0.99, '3CC'), scored('b', 0.01, '4AA')];
    for (const policy of ['expected-score', 'gardner-lexicographic', 'weill-cornell'] as const) {
      expect(ids(rankEmbryos(input, { policy }))).toEqual(['b', 'a']);
    }
  });
});

describe('policyUnavailableReason', () => {
  it('offers lab outcome only with a model that has an outcome head', () => {
    expect(policyUnavailableReason('outcome', { id: 'lab-1', outcome: { positiveLabel: 'good' } })).toBeNull();
    expect(policyUnavailableReason('outcome', { id: 'vgg16_bn-w0.25' })).toBe(
      'Lab outcome ranking needs a model with an outcome head, one learned from this lab\'s own outcomes; the current model "vgg16_bn-w0.25" has none.',
    );
    expect(policyUnavailableReason('outcome', null)).toBe(
      "Lab outcome ranking needs a model with an outcome head, one learned from this lab's own outcomes; no model is loaded.",
    );
  });

  it('never withholds the grade policies', () => {
    for (const policy of ['expected-score', 'gardner-lexicographic', 'weill-cornell'] as const) {
      expect(policyUnavailableReason(policy, null)).toBeNull();
      expect(policyUnavailableReason(policy, { id: 'm' })).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_ID, defaultRankingOptions, rankEmbryos, rankingEmbryo } from '.';
import { certain } from './testing/embryos';

describe('rankingEmbryo', () => {
  it('an image without a prediction enters as not graded and comes back unranked', () => {
    const graded = rankingEmbryo('a', { heads: [certain('expansion', '4'), certain('icm', 'A'), certain('te', 'A')] });
    const [first, second] = rankEmbryos([rankingEmbryo('b', null), graded], defaultRankingOptions());
    expect([first!.id, first!.rank]).toEqual(['a', 1]);
    expect([second!.id, second!.rank, second!.group]).toEqual(['b', null, 'unranked']);
  });

  it('the embryologist overrides rank ahead of the AI grade', () => {
    const heads = [certain('expansion', '3'), certain('icm', 'C'), certain('te', 'C')];
    const better = { heads: [certain('expansion', '4'), certain('icm', 'B'), certain('te', 'B')] };
    const ranked = rankEmbryos([rankingEmbryo('ai', better), rankingEmbryo('overridden', { heads }, { expansion: '4', icm: 'A', te: 'A' })], defaultRankingOptions());
    expect(ranked[0]!.id).toBe('overridden');
    expect(ranked[0]!.grade).toBe('4AA');
  });
});

describe('defaultRankingOptions', () => {
  it('the default policy on final grades, with no weights chosen (the model card decides them)', () => {
    expect(defaultRankingOptions()).toEqual({ policy: DEFAULT_POLICY_ID, useFinalGrades: true });
  });
});

import { describe, expect, it } from 'vitest';
import { defaultRankingOptions, effectiveRanking, rankEmbryos, rankingEmbryo } from '../../features/ranking';
import type { HeadName, HeadPrediction } from '../../lib/types';
import { CLI_POLICIES, DEFAULT_CLI_POLICY, isCliPolicy, rankRecords } from './grade-ranking';
import type { GradeRecord } from './grade-record';

const CLASSES: Record<HeadName, string[]> = { expansion: ['2', '3', '4'], icm: ['C', 'B', 'A'], te: ['C', 'B', 'A'] };

/** A head sure of one label (or spread when lowConfidence). */
function head(name: HeadName, label: string, lowConfidence = false): HeadPrediction {
  const classes = CLASSES[name];
  const probabilities = classes.map((c) => (c === label ? (lowConfidence ? 0.4 : 1) : lowConfidence ? 0.3 : 0));
  return { name, classes, probabilities, argmax: label, lowConfidence };
}

const identity = { modelId: 'm', modelVersion: '1', modelHash: 'h', backend: 'wasm' };

function graded(file: string, grade: string, lowConfidence: HeadName[] = []): GradeRecord {
  const [e, i, t] = [grade.slice(0, -2), grade.at(-2)!, grade.at(-1)!];
  const heads = [head('expansion', e, lowConfidence.includes('expansion')), head('icm', i, lowConfidence.includes('icm')), head('te', t, lowConfidence.includes('te'))];
  return { file, ok: true, ellipse: null, crop: null, grade, heads, ...identity };
}

const failed = (file: string): GradeRecord => ({ file, ok: false, error: 'not an image', ellipse: null, crop: null, ...identity });

describe('grade --rank', () => {
  it('defaults to the policy the app starts with', () => {
    expect(CLI_POLICIES[DEFAULT_CLI_POLICY]).toBe(defaultRankingOptions().policy);
    expect(DEFAULT_CLI_POLICY).toBe('expected-score');
    expect(isCliPolicy('gardner')).toBe(true);
    expect(isCliPolicy('outcome')).toBe(true);
    expect(isCliPolicy('lab-outcome')).toBe(false);
    expect(isCliPolicy('toString')).toBe(false);
  });

  it('ranks graded files, keeps their order, and leaves a failed file unranked', () => {
    const records = [graded('b.png', '3BB'), failed('broken.png'), graded('a.png', '4AA')];
    const ranked = rankRecords(records, 'expected-score');
    expect(ranked.map((r) => r.file)).toEqual(['b.png', 'broken.png', 'a.png']);
    expect(ranked.map((r) => r.rank)).toEqual([2, null, 1]);
    expect(ranked[2]!.score!).toBeGreaterThan(ranked[0]!.score!);
    expect(ranked[1]!.score).toBeNull();
    expect(ranked[1]!.flags).toMatch(/^No AI prediction/);
    expect(ranked.every((r) => r.policy === 'expected-score')).toBe(true);
    expect(ranked[0]).toMatchObject(records[0]!);
  });

  it('gives the numbers the app gets from the same predictions', () => {
    const records = [graded('x.png', '4BA'), graded('y.png', '3AB'), graded('z.png', '4CC')];
    const app = rankEmbryos(records.map((r) => rankingEmbryo(r.file, { heads: r.heads! })), defaultRankingOptions());
    const cli = rankRecords(records, DEFAULT_CLI_POLICY);
    for (const r of cli) {
      const expected = app.find((a) => a.id === r.file)!;
      expect([r.rank, r.score, r.scoreLabel]).toEqual([expected.rank, expected.score, expected.scoreLabel]);
    }
  });

  it("ranks with the app's card-driven default: a head the card calls inverted on real embryos gets no weight", () => {
    const figures = { rows: [{ name: 'expansion', realRocAuc: 0.8, verdict: 'signal' }, { name: 'te', realRocAuc: 0.25, verdict: 'inverted' }] };
    const records = [graded('te-good.png', '4BA'), graded('icm-good.png', '4AC')];
    // The literature's default (TE 0.5) puts the good TE first; without TE the good ICM wins.
    expect(rankRecords(records, 'expected-score').map((r) => r.rank)).toEqual([1, 2]);
    const ranked = rankRecords(records, 'expected-score', figures);
    expect(ranked.map((r) => r.rank)).toEqual([2, 1]);
    const app = rankEmbryos(records.map((r) => rankingEmbryo(r.file, { heads: r.heads! })), effectiveRanking(defaultRankingOptions(), figures).options);
    expect(ranked.map((r) => r.score)).toEqual(records.map((r) => app.find((a) => a.id === r.file)!.score));
  });

  it('equal grades share a rank ("1, 1, 3")', () => {
    const ranked = rankRecords([graded('a.png', '4AA'), graded('b.png', '3BB'), graded('c.png', '4AA')], 'expected-score');
    expect(ranked.map((r) => r.rank)).toEqual([1, 3, 1]);
  });

  it('ranks a low-confidence embryo after every clean one and says why', () => {
    const ranked = rankRecords([graded('sure.png', '3CC'), graded('unsure.png', '4AA', ['icm'])], 'expected-score');
    expect(ranked.map((r) => r.rank)).toEqual([1, 2]);
    expect(ranked[1]!.flags).toMatch(/icm/i);
    expect(ranked[0]!.flags).toBe('');
  });

  it('gardner: lexicographic, no number, the grade as the score label', () => {
    const ranked = rankRecords([graded('a.png', '3AA'), graded('b.png', '4CC')], 'gardner');
    expect(ranked.map((r) => r.rank)).toEqual([2, 1]);
    expect(ranked.map((r) => r.score)).toEqual([null, null]);
    expect(ranked[1]!.scoreLabel).toBe('4CC');
    expect(ranked[1]!.policy).toBe('gardner');
  });

  it('weill-cornell: a points score, lower is better', () => {
    const ranked = rankRecords([graded('a.png', '3CC'), graded('b.png', '4AA')], 'weill-cornell');
    expect(ranked.map((r) => r.rank)).toEqual([2, 1]);
    expect(ranked[1]!.score!).toBeLessThan(ranked[0]!.score!);
  });
});

describe('grade --rank --policy outcome', () => {
  const withOutcome = (file: string, grade: string, probability: number): GradeRecord => ({ ...graded(file, grade), outcome: { probability, positiveLabel: 'good' } });

  it('ranks by the outcome probability, as the app does from the same predictions', () => {
    const records = [withOutcome('a.png', '4AA', 0.31), failed('broken.png'), withOutcome('b.png', '3CC', 0.74), withOutcome('c.png', '4BB', 0.31)];
    const ranked = rankRecords(records, 'outcome');
    expect(ranked.map((r) => r.rank)).toEqual([2, null, 1, 2]);
    expect(ranked.map((r) => r.score)).toEqual([0.31, null, 0.74, 0.31]);
    expect(ranked.every((r) => r.policy === 'outcome')).toBe(true);
    const app = rankEmbryos(records.map((r, i) => rankingEmbryo(String(i), r.ok ? { heads: r.heads!, outcome: r.outcome } : null)), { ...defaultRankingOptions(), policy: 'outcome' });
    expect(ranked.map((r) => r.rank)).toEqual(records.map((_r, i) => app.find((a) => a.id === String(i))!.rank));
  });
});

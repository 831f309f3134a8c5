import { describe, expect, it } from 'vitest';
import type { HeadPrediction } from '../../lib/types';
import { applyGradingKey, byRank } from './grading-keys';

const expansion: HeadPrediction = { name: 'expansion', classes: ['2', '3', '4'], probabilities: [0, 0, 1], argmax: '4', lowConfidence: false };

function record() {
  const calls: string[] = [];
  return { calls, actions: { setDecision: (id: string, d: string) => calls.push(`${id} decision ${d}`), setOverride: (id: string, h: string, g: string | null) => calls.push(`${id} ${h} ${g}`) } };
}

describe('applyGradingKey', () => {
  it('decides with T/F/D/B/U, either case', () => {
    const { calls, actions } = record();
    expect(applyGradingKey('F', { id: 'a', heads: [expansion] }, actions)).toBe(true);
    expect(applyGradingKey('u', { id: 'a', heads: [expansion] }, actions)).toBe(true);
    expect(calls).toEqual(['a decision freeze', 'a decision undecided']);
  });

  it('sets the expansion only to a class the model has, and ignores other keys', () => {
    const { calls, actions } = record();
    expect(applyGradingKey('3', { id: 'a', heads: [expansion] }, actions)).toBe(true);
    expect(applyGradingKey('6', { id: 'a', heads: [expansion] }, actions)).toBe(false);
    expect(applyGradingKey('4', { id: 'b', heads: null }, actions)).toBe(false);
    expect(applyGradingKey('x', { id: 'a', heads: [expansion] }, actions)).toBe(false);
    expect(calls).toEqual(['a expansion 3']);
  });
});

describe('byRank', () => {
  it('puts ranked embryos first, ties and unranked by number', () => {
    const rows = [{ rank: null, number: 1 }, { rank: 2, number: 4 }, { rank: 1, number: 3 }, { rank: 2, number: 2 }];
    expect([...rows].sort(byRank).map((r) => r.number)).toEqual([3, 2, 4, 1]);
  });
});

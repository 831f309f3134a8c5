import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS } from '../../features/ranking';
import { restoredRanking } from './settings-store';

describe('restoredRanking', () => {
  it('drops the default weights every install used to save unasked, so the model card decides them', () => {
    expect(restoredRanking({ policy: 'expected-score', useFinalGrades: true, weights: { ...DEFAULT_WEIGHTS } })).toEqual({ policy: 'expected-score', useFinalGrades: true });
  });

  it("keeps the user's own weights, and the defaults when the user put them back", () => {
    const own = { expansion: 1, icm: 0, te: 0.5 };
    expect(restoredRanking({ weights: own })).toEqual({ weights: own, weightsChosen: true });
    expect(restoredRanking({ weights: { ...DEFAULT_WEIGHTS }, weightsChosen: true })).toEqual({ weights: DEFAULT_WEIGHTS, weightsChosen: true });
  });
});

import { describe, expect, it } from 'vitest';
import type { Decision } from '../../lib/types';
import { countDecisions, decisionSummary } from './decision-counts';

const rows = (...decisions: Decision[]) => decisions.map((decision) => ({ decision }));

describe('countDecisions', () => {
  it('counts every decision, undecided included, and the total', () => {
    const counts = countDecisions(rows('transfer', 'freeze', 'freeze', 'undecided', 'discard', 'undecided', 'biopsy'));
    expect(counts).toEqual({ transfer: 1, freeze: 2, discard: 1, biopsy: 1, undecided: 2, total: 7 });
  });

  it('an empty batch counts zero everywhere', () => {
    expect(countDecisions([])).toEqual({ transfer: 0, freeze: 0, discard: 0, biopsy: 0, undecided: 0, total: 0 });
  });
});

describe('decisionSummary', () => {
  it('reads decided first, undecided last', () => {
    expect(decisionSummary(countDecisions(rows('freeze', 'undecided', 'transfer', 'freeze')))).toBe('1 transfer · 2 freeze · 0 discard · 0 biopsy · 1 undecided');
  });
});

import { describe, expect, it } from 'vitest';
import { rowSummary, type RowCounts } from './row-summary';

const counts = (c: Partial<RowCounts>): RowCounts => ({ rows: 0, matched: 0, matchedByStem: 0, unmatched: 0, invalid: 0, unlabelled: 0, imagesWithoutRow: 0, ...c });

describe('rowSummary', () => {
  it('names every fate a row can have, so the figures add up to the sheet', () => {
    expect(rowSummary(counts({ rows: 10, matched: 6, matchedByStem: 2, unmatched: 1, invalid: 2, unlabelled: 1, imagesWithoutRow: 3 }))).toBe(
      '6 of 10 rows matched an image; 2 of them by name with a different extension; 1 row did not; 2 rows were invalid; 1 row had no label; 3 images had no row.',
    );
  });

  it('leaves out the fates no row had, and speaks of one row in the singular', () => {
    expect(rowSummary(counts({ rows: 1, matched: 1, imagesWithoutRow: 1 }))).toBe('1 of 1 row matched an image; 1 image had no row.');
    expect(rowSummary(counts({ rows: 2, matched: 1, invalid: 1 }))).toBe('1 of 2 rows matched an image; 1 row was invalid; 0 images had no row.');
  });

  it('refuses counts that do not add up rather than print a wrong line', () => {
    expect(() => rowSummary(counts({ rows: 8, matched: 6, unmatched: 1 }))).toThrow(/7 rows accounted for, the sheet has 8/);
  });
});

import { describe, expect, it } from 'vitest';
import { formatViewAgreement, MIN_VIEW_AGREEMENT, viewsDisagree } from './view-agreement';

describe('viewsDisagree', () => {
  it('doubts a call fewer than 3/4 of the views make', () => {
    expect(MIN_VIEW_AGREEMENT).toBe(0.75);
    expect([8, 7, 6, 5, 4, 1, 0].map((agree) => viewsDisagree({ agree, of: 8 }))).toEqual([false, false, false, true, true, true, true]);
    expect([4, 3, 2].map((agree) => viewsDisagree({ agree, of: 4 }))).toEqual([false, false, true]);
  });

  it('never doubts an unknown agreement (a prediction stored before it was recorded)', () => {
    expect(viewsDisagree(undefined)).toBe(false);
    expect(viewsDisagree({ agree: 0, of: 0 })).toBe(false);
  });

  it('writes an agreement as "agree/of", unknown as empty', () => {
    expect(formatViewAgreement({ agree: 5, of: 8 })).toBe('5/8');
    expect(formatViewAgreement(undefined)).toBe('');
  });
});

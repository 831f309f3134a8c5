import { describe, expect, it } from 'vitest';
import { displayOrder, moveNote } from './held-order';

const rows = (...ids: string[]) => ids.map((id) => ({ id }));
const ids = (r: { id: string }[]) => r.map((x) => x.id);

describe('displayOrder', () => {
  it('follows the live order while nothing is held', () => {
    const out = displayOrder(null, rows('b', 'a', 'c'));
    expect(ids(out.rows)).toEqual(['b', 'a', 'c']);
    expect(out.pending).toBe(false);
    expect(out.moving.size).toBe(0);
  });

  it('keeps held rows in place when the ranking moves one, and names the rows that would move', () => {
    // "c" was 3rd; an override made it 1st.
    const out = displayOrder(['a', 'b', 'c'], rows('c', 'a', 'b'));
    expect(ids(out.rows)).toEqual(['a', 'b', 'c']);
    expect(out.pending).toBe(true);
    expect([...out.moving].sort()).toEqual(['a', 'b', 'c']);
  });

  it('is not pending when the held order is the live order', () => {
    const out = displayOrder(['a', 'b'], rows('a', 'b'));
    expect(out.pending).toBe(false);
  });

  it('appends rows that arrived after the order was held, in live order, and drops rows that left', () => {
    const out = displayOrder(['a', 'gone', 'b'], rows('d', 'a', 'b', 'c'));
    expect(ids(out.rows)).toEqual(['a', 'b', 'd', 'c']);
    expect(out.pending).toBe(true);
  });

  it('keeps a held row that the filter now hides (deciding in the "undecided" view) until re-rank', () => {
    const all = rows('a', 'b', 'c');
    const out = displayOrder(['a', 'b', 'c'], rows('a', 'c'), all);
    expect(ids(out.rows)).toEqual(['a', 'b', 'c']);
    expect(out.pending).toBe(true);
    expect(out.moving.has('b')).toBe(true);
  });
});

describe('moveNote', () => {
  it('says where the row goes', () => {
    expect(moveNote(4, true)).toBe('moves to rank 4 on re-rank');
    expect(moveNote(null, true)).toBe('moves on re-rank');
    expect(moveNote(2, false)).toBe('leaves this view on re-rank');
  });
});

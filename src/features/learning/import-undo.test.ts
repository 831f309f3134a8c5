import { describe, expect, it } from 'vitest';
import { describeUndo, undoOf } from './import-undo';

describe('undoOf', () => {
  it('keeps the stored version of every image the import touched and names the ones it added', () => {
    const before = { key: 'a', source: 'first.csv' };
    const undo = undoOf([{ key: 'a' }, { key: 'b' }, { key: 'b' }], new Map([['a', before], ['z', { key: 'z', source: 'other.csv' }]]));
    expect(undo.restore).toEqual([before]);
    expect(undo.restore[0]).toBe(before);
    expect(undo.remove).toEqual(['b']);
  });
});

describe('describeUndo', () => {
  it('says how many examples were removed and put back', () => {
    expect(describeUndo('grades.csv', { restore: [{ key: 'a' }, { key: 'b' }], remove: ['c'] })).toBe(
      'The import of grades.csv was undone: 1 example it added removed, 2 examples put back as they were before it.',
    );
    expect(describeUndo('s.xlsx', { restore: [{ key: 'a' }], remove: [] })).toBe('The import of s.xlsx was undone: 0 examples it added removed, 1 example put back as it was before it.');
  });
});

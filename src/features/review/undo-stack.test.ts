import { describe, expect, it } from 'vitest';
import { UndoStack } from './undo-stack';

describe('UndoStack', () => {
  it('undoes in reverse order, redoes forward, and a new edit clears redo', () => {
    const s = new UndoStack();
    s.record({ imageId: 'a', field: 'decision', from: 'undecided', to: 'transfer' });
    s.record({ imageId: 'a', field: 'grade.te', from: null, to: 'C' });
    expect(s.undo()).toEqual({ imageId: 'a', field: 'grade.te', from: 'C', to: null });
    expect(s.undo()).toEqual({ imageId: 'a', field: 'decision', from: 'transfer', to: 'undecided' });
    expect(s.undo()).toBeNull();
    expect(s.redo()).toEqual({ imageId: 'a', field: 'decision', from: 'undecided', to: 'transfer' });
    expect(s.canRedo).toBe(true);
    s.record({ imageId: 'b', field: 'decision', from: 'undecided', to: 'freeze' });
    expect(s.canRedo).toBe(false);
    expect(s.redo()).toBeNull();
  });

  it('keeps at most its limit of edits', () => {
    const s = new UndoStack(2);
    for (const to of ['x', 'y', 'z']) s.record({ imageId: 'a', field: 'notes', from: null, to });
    expect(s.undo()?.from).toBe('z');
    expect(s.undo()?.from).toBe('y');
    expect(s.undo()).toBeNull();
  });
});

/**
 * Undo/redo of review edits. Holds plain change records; applying one is the
 * caller's job (through the same path as the original edit, so undo is audited too).
 */
export interface Change {
  imageId: string;
  /** 'decision', 'notes' or 'grade.<head>'. */
  field: string;
  from: string | null;
  to: string | null;
}

export class UndoStack {
  private done: Change[] = [];
  private undone: Change[] = [];

  constructor(private readonly limit = 200) {}

  record(change: Change): void {
    this.done.push(change);
    if (this.done.length > this.limit) this.done.shift();
    this.undone = [];
  }

  /** The change to apply to undo the last edit (from and to swapped), or null. */
  undo(): Change | null {
    const last = this.done.pop();
    if (!last) return null;
    this.undone.push(last);
    return { ...last, from: last.to, to: last.from };
  }

  redo(): Change | null {
    const next = this.undone.pop();
    if (!next) return null;
    this.done.push(next);
    return next;
  }

  get canUndo(): boolean { return this.done.length > 0; }
  get canRedo(): boolean { return this.undone.length > 0; }
}

// What undoing an import puts back: every example it touched as it was stored before (labels,
// sources and place in the list), and the examples it added removed. Taken inside the import's
// own transaction, so it describes exactly what that import changed.
import { plural } from './plural';

export interface ImportUndo<T extends { key: string }> {
  /** The stored examples the import laid its labels over, as they were before it. */
  restore: T[];
  /** Keys of the examples the import added. */
  remove: string[];
}

export function undoOf<T extends { key: string }>(incoming: readonly { key: string }[], stored: ReadonlyMap<string, T>): ImportUndo<T> {
  const restore: T[] = [];
  const remove: string[] = [];
  for (const key of new Set(incoming.map((e) => e.key))) {
    const before = stored.get(key);
    if (before) restore.push(before);
    else remove.push(key);
  }
  return { restore, remove };
}


/** One line for the report once an import was undone. */
export function describeUndo(sheetName: string, undo: ImportUndo<{ key: string }>): string {
  const restored = undo.restore.length;
  return `The import of ${sheetName} was undone: ${plural(undo.remove.length, 'example')} it added removed, ${plural(restored, 'example')} put back as ${restored === 1 ? 'it was' : 'they were'} before it.`;
}

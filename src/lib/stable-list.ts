/**
 * Keeps the identity of list items whose contents did not change, so React.memo (and useMemo
 * downstream) can skip them. Every IndexedDB read, and so every liveQuery emission, hands back
 * fresh objects for every record: without this, one image's status change re-rendered every
 * row of the batch table (about 900 DOM mutations per image in a 40-image batch).
 */

/** Deep equality of plain data (what a structured clone or JSON holds: objects, arrays, primitives). */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  // Only arrays and plain objects are compared by content; anything else (Blob, Map...) by identity.
  if (!Array.isArray(a) && Object.getPrototypeOf(a) !== Object.prototype) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * `next`, with each item equal in content to the previous item of the same id replaced by that
 * previous item; the previous list itself when nothing changed (same ids, same order, same content).
 */
export function keepUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const kept = next.map((item, i) => {
    const old = before.get(item.id);
    const same = old !== undefined && sameData(old, item);
    if (!same || previous[i] !== old) changed = true;
    return same ? old : item;
  });
  return changed ? kept : (previous as T[]);
}

/** A list whose unchanged items keep their identity from one call to the next (see keepUnchanged). */
export function createStableList<T extends { id: string }>() {
  let last: T[] = [];
  return (next: T[]): T[] => (last = keepUnchanged(last, next));
}

/**
 * A small synchronous write-ahead journal for what the user types.
 *
 * IndexedDB writes are asynchronous: one started by the last keystroke before
 * a reload (or in `pagehide`) can be dropped with the page. localStorage writes
 * are synchronous, so each edit is put here first, removed once its IndexedDB
 * write has committed, and whatever is still here at the next start is
 * replayed. Entries are keyed (one per field or record), so the journal stays
 * a few hundred bytes however long someone types.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface Journal<Op> {
  /** Records (or replaces) the pending edit under `key`. */
  put(key: string, op: Op): void;
  /** The pending edit under `key`, if any. */
  get(key: string): Op | undefined;
  /** The edit's durable write committed: forget it, unless a newer edit replaced it meanwhile. */
  settle(key: string, op: Op): void;
  entries(): [string, Op][];
  remove(key: string): void;
}

export function createJournal<Op>(storage: KeyValueStorage | null, name: string): Journal<Op> {
  // Without storage (private mode quota, tests) the journal is memory-only: no worse than before.
  const memory = new Map<string, Op>();
  const read = (): Record<string, Op> => {
    if (!storage) return Object.fromEntries(memory);
    try {
      const raw = storage.getItem(name);
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, Op>) : {};
    } catch {
      return {};
    }
  };
  const write = (entries: Record<string, Op>) => {
    if (!storage) {
      memory.clear();
      for (const [k, v] of Object.entries(entries)) memory.set(k, v);
      return;
    }
    try {
      if (Object.keys(entries).length) storage.setItem(name, JSON.stringify(entries));
      else storage.removeItem(name);
    } catch {
      // localStorage full or refused: the IndexedDB write still goes ahead.
    }
  };

  return {
    put(key, op) {
      write({ ...read(), [key]: op });
    },
    get: (key) => read()[key],
    settle(key, op) {
      const entries = read();
      if (key in entries && JSON.stringify(entries[key]) === JSON.stringify(op)) {
        delete entries[key];
        write(entries);
      }
    },
    entries: () => Object.entries(read()),
    remove(key) {
      const entries = read();
      delete entries[key];
      write(entries);
    },
  };
}

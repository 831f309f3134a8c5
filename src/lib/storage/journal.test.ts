import { describe, expect, it } from 'vitest';
import { createJournal, type KeyValueStorage } from './journal';

function mapStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

describe('journal', () => {
  it('keeps the latest edit per key across instances (a reload) until it is settled', () => {
    const storage = mapStorage();
    const journal = createJournal<{ text: string }>(storage, 'j');
    journal.put('notes:1', { text: 'a' });
    journal.put('notes:1', { text: 'ab' });
    journal.put('notes:2', { text: 'x' });
    const reloaded = createJournal<{ text: string }>(storage, 'j');
    expect(reloaded.entries()).toEqual([['notes:1', { text: 'ab' }], ['notes:2', { text: 'x' }]]);
    reloaded.settle('notes:2', { text: 'x' });
    expect(reloaded.get('notes:2')).toBeUndefined();
  });

  it('settling an older write does not drop a newer edit of the same field', () => {
    const journal = createJournal<{ text: string }>(mapStorage(), 'j');
    journal.put('k', { text: 'a' });
    journal.put('k', { text: 'ab' });
    journal.settle('k', { text: 'a' });
    expect(journal.get('k')).toEqual({ text: 'ab' });
  });

  it('leaves nothing in storage when everything is settled, and survives garbage or a refusing storage', () => {
    const storage = mapStorage();
    const journal = createJournal<number>(storage, 'j');
    journal.put('a', 1);
    journal.settle('a', 1);
    expect(storage.map.size).toBe(0);
    storage.map.set('j', '{not json');
    expect(journal.entries()).toEqual([]);
    const full: KeyValueStorage = { ...storage, setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(() => createJournal<number>(full, 'j').put('a', 1)).not.toThrow();
  });
});

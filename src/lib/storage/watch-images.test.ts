import 'fake-indexeddb/auto';
import Dexie, { RangeSet, type ObservabilitySet } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createRepository, openDatabase, type ImageRecord } from './index';
import { changedKeys, patchImages, watchBatchImages } from './watch-images';

let dbCount = 0;

function image(batchId: string, index: number, id = `${batchId}-${index}`): ImageRecord {
  return {
    id, batchId, index, fileName: `e${index}.bmp`, contentHash: `h${id}`, byteSize: 3,
    status: 'queued', error: null, warnings: [], width: null, height: null,
    original: new Blob([new Uint8Array([1, 2, 3])]), thumbnail: null, crop: null, localisation: null,
    prediction: null, overrides: {}, decision: 'undecided', notes: '', updatedAt: '',
  };
}

/** Resolves with the next list the watcher hands over, or null if none comes within `ms`. */
function nextList(lists: ImageRecord[][], ms = 300): Promise<ImageRecord[] | null> {
  const start = lists.length;
  return new Promise((resolve) => {
    const t0 = Date.now();
    const poll = () => (lists.length > start ? resolve(lists.at(-1)!) : Date.now() - t0 > ms ? resolve(null) : setTimeout(poll, 5));
    poll();
  });
}

describe('changedKeys', () => {
  const parts = (set: unknown): ObservabilitySet => ({ 'idb://lab/images/': set as RangeSet, 'idb://lab/batches/': new RangeSet('b1') });

  it('lists the single keys written, also once the set crossed tabs as a plain object', () => {
    const set = new RangeSet().addKeys(['c', 'a', 'b', 'e']);
    expect(changedKeys(parts(set), 'lab', 'images')).toEqual(['a', 'b', 'c', 'e']);
    expect(changedKeys(parts(structuredClone({ ...set })), 'lab', 'images')).toEqual(['a', 'b', 'c', 'e']);
  });

  it('says "all" for a range of keys, and nothing for a table not written or another database', () => {
    expect(changedKeys(parts(new RangeSet('a', 'z')), 'lab', 'images')).toBe('all');
    expect(changedKeys(parts(new RangeSet().addKeys(['a', 'b']).add(new RangeSet('m', 'n'))), 'lab', 'images')).toBe('all');
    expect(changedKeys(parts(new RangeSet('a')), 'lab', 'audit')).toEqual([]);
    expect(changedKeys(parts(new RangeSet('a')), 'other', 'images')).toEqual([]);
    expect(changedKeys(parts(new RangeSet()), 'lab', 'images')).toEqual([]);
  });

  it('says "all" for a set in a shape it does not know, so a change of Dexie\'s format reloads rather than goes stale', () => {
    for (const unknown of [{ keys: ['a'] }, ['a'], 'a', null, { from: 'a', to: 'a' }, { d: '1', from: 'a', to: 'a' }]) {
      expect(changedKeys(parts(unknown), 'lab', 'images')).toBe('all');
    }
  });

  it('reads the change feed of a real write as the one key written (pins the format of the Dexie installed)', async () => {
    const db = openDatabase(`feed-${++dbCount}`);
    const repo = createRepository(db);
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 0), image(batch.id, 1)]);
    const seen: (string[] | 'all')[] = [];
    const listen = (set: ObservabilitySet) => { const keys = changedKeys(set, db.name, 'images'); if (keys === 'all' || keys.length) seen.push(keys); };
    Dexie.on.storagemutated.subscribe(listen);
    try {
      await repo.updateImage(`${batch.id}-1`, { status: 'done' });
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).toEqual([[`${batch.id}-1`]]);
    } finally {
      Dexie.on.storagemutated.unsubscribe(listen);
    }
  });
});

describe('patchImages', () => {
  const list = [image('b', 0), image('b', 1), image('b', 2)];

  it('replaces the changed record and keeps every other one, by identity', () => {
    const done = { ...list[1]!, status: 'done' as const };
    const next = patchImages(list, 'b', new Map([[done.id, done]]));
    expect(next.map((i) => i.status)).toEqual(['queued', 'done', 'queued']);
    expect(next[0]).toBe(list[0]);
    expect(next[2]).toBe(list[2]);
    expect(list[1]!.status).toBe('queued');
  });

  it('adds new records in embryo order, drops deleted or moved ones, and ignores other batches', () => {
    const added = patchImages(list, 'b', new Map([[`b-4`, image('b', 4)], ['b-3', image('b', 3)]]));
    expect(added.map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
    expect(patchImages(list, 'b', new Map([['b-1', undefined]])).map((i) => i.index)).toEqual([0, 2]);
    expect(patchImages(list, 'b', new Map([['b-2', image('other', 2, 'b-2')]])).map((i) => i.index)).toEqual([0, 1]);
    expect(patchImages(list, 'b', new Map([['o-0', image('o', 0)]]))).toBe(list);
  });
});

describe('watchBatchImages', () => {
  it('follows writes to the batch with one read per written record, unchanged records keeping their identity', async () => {
    const db = openDatabase(`watch-${++dbCount}`);
    const repo = createRepository(db);
    const batch = await repo.createBatch({ patientId: 'P', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    const other = await repo.createBatch({ patientId: 'Q', cycleId: 'C', day: 'D5', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 1), image(batch.id, 0)]);
    const lists: ImageRecord[][] = [];
    const errors: unknown[] = [];
    const stop = watchBatchImages(db, batch.id, { next: (l) => lists.push(l), error: (e) => errors.push(e) });

    const first = (await nextList(lists))!;
    expect(first.map((i) => i.index)).toEqual([0, 1]);

    await repo.updateImage(`${batch.id}-1`, { status: 'done' });
    const second = (await nextList(lists))!;
    expect(second.map((i) => i.status)).toEqual(['queued', 'done']);
    expect(second[0]).toBe(first[0]);

    await repo.addImages([image(batch.id, 2)]);
    expect((await nextList(lists))!.map((i) => i.index)).toEqual([0, 1, 2]);

    // Another batch's writes hand over nothing new.
    await repo.addImages([image(other.id, 0)]);
    await repo.updateImage(`${other.id}-0`, { status: 'done' });
    expect(await nextList(lists)).toBeNull();

    // A delete by range (the whole batch) reloads it.
    await repo.deleteBatch(batch.id);
    expect(await nextList(lists)).toEqual([]);

    stop();
    await repo.addImages([image(batch.id, 5)]);
    expect(await nextList(lists)).toBeNull();
    expect(errors).toEqual([]);
  });
});

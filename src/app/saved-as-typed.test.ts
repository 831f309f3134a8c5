import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createRepository, openDatabase, type KeyValueStorage, type Repository } from '../lib/storage';
import { createTypingSaver } from './saved-as-typed';

let dbCount = 0;
const freshRepo = () => createRepository(openDatabase(`typed-${++dbCount}`));

function mapStorage(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** A page that goes away before any IndexedDB write commits: its writes never resolve. */
function dyingPage(repo: Repository): Repository {
  const never = () => new Promise<never>(() => undefined);
  return { ...repo, updateBatch: never, updateImage: never, setSetting: never, appendAudit: never };
}

describe('saved as typed', () => {
  it('replays, on the next start, what was typed but not committed before the page went', async () => {
    const repo = freshRepo();
    const storage = mapStorage();
    const batch = await repo.createBatch({ patientId: '', cycleId: 'C1', day: 'D5', embryologist: 'AB', clinic: '' });
    const image = { id: 'img-1', batchId: batch.id, index: 0, fileName: 'e1.png', contentHash: 'h', byteSize: 1, status: 'done' as const, error: null, warnings: [], width: null, height: null, original: new Blob([]), thumbnail: null, crop: null, localisation: null, prediction: null, overrides: {}, decision: 'undecided' as const, notes: '', updatedAt: '' };
    await repo.addImages([image]);

    const before = createTypingSaver(dyingPage(repo), storage);
    void before.saveBatchFields(batch.id, { patientId: 'P' });
    void before.saveBatchFields(batch.id, { patientId: 'PT-1' });
    void before.saveBatchFields(batch.id, { clinic: 'North' });
    void before.saveDraft({ patientId: 'NEXT', cycleId: '', day: 'D6', embryologist: '', clinic: '' });
    void before.saveImageFields('img-1', { notes: 'compact' });
    void before.saveImageFields('img-1', { decision: 'freeze' });
    void before.saveImageFields('img-1', { notes: 'compact ICM' });
    void before.saveAudit({ batchId: batch.id, imageId: 'img-1', who: 'AB', action: 'notes', field: 'notes', from: '', to: 'compact ICM', modelId: null });
    expect((await repo.getBatch(batch.id))?.patientId).toBe('');

    const after = createTypingSaver(repo, storage);
    expect(await after.replay()).toBe(4);
    expect(await repo.getBatch(batch.id)).toMatchObject({ patientId: 'PT-1', clinic: 'North', cycleId: 'C1' });
    expect(await repo.getImage('img-1')).toMatchObject({ notes: 'compact ICM', decision: 'freeze' });
    expect(await after.loadDraft()).toMatchObject({ patientId: 'NEXT', day: 'D6' });
    expect((await repo.auditOf(batch.id)).map((a) => a.to)).toEqual(['compact ICM']);
    expect(storage.map.size).toBe(0);
    // a second replay (or a write that did commit after all) adds no duplicate audit entry
    await createTypingSaver(repo, storage).replay();
    expect(await repo.auditOf(batch.id)).toHaveLength(1);
  });

  it('once a write commits, its journal entry is gone', async () => {
    const repo = freshRepo();
    const storage = mapStorage();
    const saver = createTypingSaver(repo, storage);
    await saver.saveDraft({ patientId: 'P9', cycleId: '', day: 'D5', embryologist: '', clinic: '' });
    expect(storage.map.size).toBe(0);
    expect((await saver.loadDraft()).patientId).toBe('P9');
  });
});

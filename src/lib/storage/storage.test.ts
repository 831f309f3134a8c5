import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createRepository, openDatabase, isQuotaError, StorageFullError, type ImageRecord } from './index';

let dbCount = 0;
const freshRepo = () => createRepository(openDatabase(`test-${++dbCount}`));

function image(batchId: string, index: number, hash: string): ImageRecord {
  return {
    id: crypto.randomUUID(), batchId, index, fileName: `e${index}.png`, contentHash: hash, byteSize: 3,
    status: 'queued', error: null, warnings: [], width: null, height: null,
    original: new Blob([new Uint8Array([1, 2, 3])]), thumbnail: null, crop: null, localisation: null,
    prediction: null, overrides: {}, decision: 'undecided', notes: '', updatedAt: '',
  };
}

describe('storage', () => {
  it('keeps batches, images, notes and audit entries, and deletes a batch with everything in it', async () => {
    const repo = freshRepo();
    const batch = await repo.createBatch({ patientId: 'P1', cycleId: 'C1', day: 'D5', embryologist: 'AB', clinic: '' });
    const other = await repo.createBatch({ patientId: 'P2', cycleId: 'C2', day: 'D6', embryologist: 'AB', clinic: '' });
    await repo.addImages([image(batch.id, 1, 'h1'), image(batch.id, 0, 'h0'), image(other.id, 0, 'h0')]);
    const [first] = await repo.imagesOf(batch.id);
    expect(first.index).toBe(0);
    await repo.updateImage(first.id, { notes: 'good ICM', decision: 'transfer' });
    await repo.appendAudit({ batchId: batch.id, imageId: first.id, who: 'AB', action: 'decision', field: 'decision', from: 'undecided', to: 'transfer', modelId: null });
    expect((await repo.getImage(first.id))?.notes).toBe('good ICM');
    expect((await repo.findByHash(batch.id, 'h1'))?.index).toBe(1);
    expect(await repo.findByHash(batch.id, 'nope')).toBeUndefined();
    expect((await repo.auditOf(batch.id))[0]).toMatchObject({ who: 'AB', from: 'undecided', to: 'transfer' });

    await repo.deleteBatch(batch.id);
    expect(await repo.imagesOf(batch.id)).toEqual([]);
    expect(await repo.auditOf(batch.id)).toEqual([]);
    expect((await repo.imagesOf(other.id)).length).toBe(1);
  });

  it('migrates a version-1 database: images gain warnings and overrides, nothing is lost', async () => {
    const name = `migrate-${++dbCount}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ batches: 'id, updatedAt', images: 'id, batchId, [batchId+contentHash], status', audit: '++id, batchId, imageId' });
    await v1.table('images').add({ id: 'x', batchId: 'b', contentHash: 'h', notes: 'kept', status: 'done' });
    v1.close();

    const repo = createRepository(openDatabase(name));
    const migrated = await repo.getImage('x');
    expect(migrated).toMatchObject({ notes: 'kept', warnings: [], overrides: {} });
    await repo.setSetting('policy', 'lexicographic');
    expect(await repo.getSetting('policy', 'expected')).toBe('lexicographic');
  });

  it('turns a quota failure into a specific, actionable message', async () => {
    const quota = new DOMException('full', 'QuotaExceededError');
    expect(isQuotaError(new Dexie.AbortError('aborted', quota))).toBe(true);
    expect(isQuotaError(new Error('other'))).toBe(false);
    expect(new StorageFullError(quota).message).toMatch(/no storage left/);
  });
});

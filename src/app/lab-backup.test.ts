import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { readBackup, writeBackup } from '../features/backup';
import { createRepository, openDatabase, type ImageRecord } from '../lib/storage';
import { labSource, restoreLab } from './lab-backup';

let n = 0;
const freshRepo = () => createRepository(openDatabase(`lab-backup-test-${n++}`));

async function seededRepo() {
  const repo = freshRepo();
  const batch = await repo.createBatch({ patientId: 'P1', cycleId: 'C1', day: 5, embryologist: 'E', clinic: 'X' } as never);
  const images: ImageRecord[] = [0, 1, 2].map((i) => ({
    id: `img-${i}`, batchId: batch.id, index: i, fileName: `e${i}.png`, contentHash: `hash-${i}`, byteSize: 3, status: 'done', error: null,
    warnings: [], width: 10, height: 10, original: new Blob([new Uint8Array([i, i, i])], { type: 'image/png' }), thumbnail: null, crop: null,
    localisation: null, prediction: null, overrides: {}, decision: 'undecided', notes: '', updatedAt: '2026-12-06T00:00:00.000Z',
  }) as ImageRecord);
  await repo.addImages(images);
  await repo.updateImage('img-1', { decision: 'transfer', notes: 'best one' });
  await repo.appendAudit({ batchId: batch.id, imageId: 'img-1', who: 'E', action: 'edit', field: 'decision', from: 'undecided', to: 'transfer', modelId: null });
  return repo;
}

async function backupOf(repo: ReturnType<typeof freshRepo>) {
  const chunks: Uint8Array[] = [];
  await writeBackup(labSource(repo), { appVersion: 'test', sink: (c) => chunks.push(c) });
  return () => readBackup((async function* () { yield* chunks; })());
}

describe('lab backup of the blastograde database', () => {
  it('restores into an empty profile, then adds nothing the second time', async () => {
    const source = await seededRepo();
    const backup = await backupOf(source);
    const target = freshRepo();
    const first = await restoreLab(target, await backup());
    expect(first.added).toMatchObject({ batches: 1, images: 3, audit: 1 });
    const [batch] = await target.listBatches();
    const restored = await target.imagesOf(batch!.id);
    expect(restored.map((i) => [i.fileName, i.decision, i.notes])).toEqual([['e0.png', 'undecided', ''], ['e1.png', 'transfer', 'best one'], ['e2.png', 'undecided', '']]);
    expect(new Uint8Array(await restored[2]!.original.arrayBuffer())).toEqual(new Uint8Array([2, 2, 2]));
    const second = await restoreLab(target, await backup());
    expect(second.added).toMatchObject({ batches: 0, images: 0, audit: 0 });
    expect(second.identical).toMatchObject({ batches: 1, images: 3, audit: 1 });
    expect(await target.db.images.count()).toBe(3);
    expect(await target.db.audit.count()).toBe(1);
  });

  it('keeps a decision changed here since the backup, and reports the conflict', async () => {
    const repo = await seededRepo();
    const backup = await backupOf(repo);
    await repo.updateImage('img-1', { decision: 'discard', notes: 'changed my mind' });
    const summary = await restoreLab(repo, await backup());
    expect(summary.conflicts.map((c) => [c.table, c.key])).toEqual([['images', 'img-1']]);
    expect(await repo.getImage('img-1')).toMatchObject({ decision: 'discard', notes: 'changed my mind' });
  });
});

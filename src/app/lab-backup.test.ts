import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { blobSource, openRestorable, writeBackup, type RestorableBackup } from '../features/backup';
import type { ModelCard } from '../features/inference';
import { openExampleStore, type StoredExample } from '../features/learning';
import { openModelStore } from '../features/models';
import { createRepository, openDatabase, type ImageRecord } from '../lib/storage';
import { labSource, RestoreInterrupted, restoreLab, type LabStores } from './lab-backup';

let n = 0;
function freshLab(): LabStores {
  const id = n++;
  const models = openModelStore(`lab-backup-test-models-${id}`);
  return {
    repo: createRepository(openDatabase(`lab-backup-test-${id}`)),
    examples: openExampleStore(`lab-backup-test-learning-${id}`),
    models: { count: () => models.count(), packages: () => models.packages(), add: (p) => models.addPackages(p) },
  };
}

const card = (id: string): ModelCard => ({
  id, version: '1.0.0', architecture: 'vgg16', intendedUse: 'Research use only.',
  input: { size: [320, 320], channels: 3, normalization: 'samplewise', resize: 'bilinear' },
  heads: [{ name: 'icm', output: 'icm', classes: ['C', 'B', 'A'] }],
  weights: { 'group1-shard1of1.bin': 'f'.repeat(64) },
});

const example = (key: string, good: 0 | 1, addedAt = '2026-12-06T01:00:00.000Z'): StoredExample => ({
  key, fileName: `${key}.jpg`, original: new Blob([new TextEncoder().encode(`jpeg ${key}`)], { type: 'image/jpeg' }),
  crop: { x: 1, y: 2, size: 30 }, labels: { outcome: good }, origin: 'import', source: 'labels.csv', addedAt,
});

async function seededLab(imageCount = 3) {
  const lab = freshLab();
  const { repo } = lab;
  const batch = await repo.createBatch({ patientId: 'P1', cycleId: 'C1', day: 5, embryologist: 'E', clinic: 'X' } as never);
  const images: ImageRecord[] = Array.from({ length: imageCount }, (_, i) => ({
    id: `img-${i}`, batchId: batch.id, index: i, fileName: `e${i}.png`, contentHash: `hash-${i}`, byteSize: 3, status: 'done', error: null,
    warnings: [], width: 10, height: 10, original: new Blob([new Uint8Array([i, i, i])], { type: 'image/png' }), thumbnail: null, crop: null,
    localisation: null, prediction: null, overrides: {}, decision: 'undecided', notes: '', updatedAt: '2026-12-06T00:00:00.000Z',
  }) as ImageRecord);
  await repo.addImages(images);
  await repo.updateImage('img-1', { decision: 'transfer', notes: 'best one' });
  await repo.appendAudit({ batchId: batch.id, imageId: 'img-1', who: 'E', action: 'edit', field: 'decision', from: 'undecided', to: 'transfer', modelId: null });
  await lab.examples.addAll([example('aa', 1), example('bb', 0)]);
  await lab.models.add([{ id: 'learned-1', savedAt: '2026-12-06T02:00:00.000Z', card: card('learned-1'), files: { 'model.json': new TextEncoder().encode('{"m":1}').buffer, 'group1-shard1of1.bin': new Uint8Array([7, 7, 7, 7]).buffer } }]);
  return lab;
}

/** The lab's backup file, and a way to open it afresh (as the app does, entry by entry). */
async function backupOf(lab: LabStores) {
  const chunks: Uint8Array[] = [];
  await writeBackup(labSource(lab), { appVersion: 'test', sink: (c) => chunks.push(c) });
  const file = new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: 'application/zip' });
  return { file, open: (): Promise<RestorableBackup> => openRestorable(blobSource(file)) };
}

describe('lab backup of the three stores (batches, learned examples, model packages)', () => {
  it('restores into an empty profile, then adds nothing the second time', async () => {
    const backup = await backupOf(await seededLab());
    const target = freshLab();
    const progress: [number, number][] = [];
    const first = await restoreLab(target, await backup.open(), (p) => progress.push([p.done, p.total]));
    expect(first.added).toEqual({ batches: 1, images: 3, audit: 1, examples: 2, models: 1 });
    expect(progress.at(-1)).toEqual([8, 8]);
    const [batch] = await target.repo.listBatches();
    const restored = await target.repo.imagesOf(batch!.id);
    expect(restored.map((i) => [i.fileName, i.decision, i.notes])).toEqual([['e0.png', 'undecided', ''], ['e1.png', 'transfer', 'best one'], ['e2.png', 'undecided', '']]);
    expect(new Uint8Array(await restored[2]!.original.arrayBuffer())).toEqual(new Uint8Array([2, 2, 2]));
    const examples: StoredExample[] = [];
    for await (const e of target.examples.each()) examples.push(e);
    expect(examples.map((e) => [e.key, e.labels, e.crop, e.original.type])).toEqual([['aa', { outcome: 1 }, { x: 1, y: 2, size: 30 }, 'image/jpeg'], ['bb', { outcome: 0 }, { x: 1, y: 2, size: 30 }, 'image/jpeg']]);
    expect(await examples[1]!.original.text()).toBe('jpeg bb');
    const models = [];
    for await (const m of target.models.packages()) models.push(m);
    expect(models.map((m) => [m.id, m.savedAt, m.card.id, Object.keys(m.files).sort()])).toEqual([['learned-1', '2026-12-06T02:00:00.000Z', 'learned-1', ['group1-shard1of1.bin', 'model.json']]]);
    expect(new Uint8Array(models[0]!.files['group1-shard1of1.bin']!)).toEqual(new Uint8Array([7, 7, 7, 7]));

    const second = await restoreLab(target, await backup.open());
    expect(second.added).toEqual({ batches: 0, images: 0, audit: 0, examples: 0, models: 0 });
    expect(second.identical).toEqual({ batches: 1, images: 3, audit: 1, examples: 2, models: 1 });
    expect([await target.repo.db.images.count(), await target.repo.db.audit.count(), await target.examples.count(), await target.models.count()]).toEqual([3, 1, 2, 1]);
  });

  it('keeps a decision, an example\'s labels and a model changed here since the backup, and reports each conflict', async () => {
    const lab = await seededLab();
    const backup = await backupOf(lab);
    await lab.repo.updateImage('img-1', { decision: 'discard', notes: 'changed my mind' });
    const relabelled = example('aa', 0);
    const store = openExampleStore(`lab-backup-test-learning-${n - 1}`);
    await store.putAll([relabelled]);
    const models = openModelStore(`lab-backup-test-models-${n - 1}`);
    await models.remove('learned-1');
    await models.addPackages([{ id: 'learned-1', savedAt: '2026-12-07T00:00:00.000Z', card: card('learned-1'), files: { 'model.json': new Uint8Array([1]).buffer } }]);
    const summary = await restoreLab(lab, await backup.open());
    expect(summary.conflicts.map((c) => [c.table, c.key])).toEqual([['images', 'img-1'], ['examples', 'aa'], ['models', 'learned-1']]);
    expect(summary.identical).toMatchObject({ examples: 1, models: 0 });
    expect(await lab.repo.getImage('img-1')).toMatchObject({ decision: 'discard', notes: 'changed my mind' });
    const kept: StoredExample[] = [];
    for await (const e of lab.examples.each()) kept.push(e);
    expect(kept.find((e) => e.key === 'aa')!.labels).toEqual({ outcome: 0 });
    for await (const m of lab.models.packages()) expect(m.savedAt).toBe('2026-12-07T00:00:00.000Z');
  });

  it('stopped part way by a full disk, says exactly what was written; restoring the same file again adds the rest', async () => {
    const backup = await backupOf(await seededLab(20));
    const target = freshLab();
    // The browser refuses the 18th image: the first page of 16 is stored, the second page's transaction is undone.
    let creating = 0;
    const full = function () {
      if (++creating === 18) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    target.repo.db.images.hook('creating', full);
    const error = await restoreLab(target, await backup.open()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestoreInterrupted);
    const stopped = error as RestoreInterrupted;
    expect(stopped.message).toBe("The restore stopped part way: this browser's storage for the app is full");
    expect(stopped.written).toEqual({ batches: 1, images: 16, audit: 0, examples: 0, models: 0 });
    expect(stopped.notWritten).toEqual({ batches: 0, images: 4, audit: 1, examples: 2, models: 1 });
    expect([await target.repo.db.batches.count(), await target.repo.db.images.count(), await target.repo.db.audit.count(), await target.examples.count(), await target.models.count()]).toEqual([1, 16, 0, 0, 0]);

    target.repo.db.images.hook('creating').unsubscribe(full);
    const again = await restoreLab(target, await backup.open());
    expect(again.added).toEqual(stopped.notWritten);
    expect(again.identical).toEqual({ batches: 1, images: 16, audit: 0, examples: 0, models: 0 });
    expect(again.conflicts).toEqual([]);
    expect([await target.repo.db.images.count(), await target.repo.db.audit.count(), await target.examples.count(), await target.models.count()]).toEqual([20, 1, 2, 1]);
  });
});

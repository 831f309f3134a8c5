// The app's part of the JSON batch file: everything needed to restore a batch
// exactly (records, images as bytes, audit trail), beside the grade sheet.
import { batchSnapshot, type BatchSnapshot, type Repository } from '../lib/storage';

export type { BatchSnapshot };

const blob = (data: Uint8Array | null, type: string) => (data ? new Blob([data as Uint8Array<ArrayBuffer>], { type }) : null);

export async function captureBatch(repo: Repository, batchId: string): Promise<BatchSnapshot> {
  const batch = await repo.getBatch(batchId);
  if (!batch) throw new Error('the batch no longer exists');
  return batchSnapshot(batch, await repo.imagesOf(batchId), await repo.auditOf(batchId));
}

function isSnapshot(value: unknown): value is BatchSnapshot {
  const v = value as BatchSnapshot | undefined;
  return !!v && typeof v.batch?.id === 'string' && Array.isArray(v.images) && Array.isArray(v.audit);
}

/** Restores a snapshot. Returns the batch id (a new one if that batch still exists here). */
export async function restoreBatch(repo: Repository, value: unknown): Promise<string> {
  if (!isSnapshot(value)) throw new Error('This file has a grade sheet but no batch data to restore (was it exported by this app?)');
  const exists = !!(await repo.getBatch(value.batch.id));
  const batchId = exists ? crypto.randomUUID() : value.batch.id;
  const imageIds = new Map(value.images.map((i) => [i.id, exists ? crypto.randomUUID() : i.id]));
  await repo.db.transaction('rw', repo.db.batches, repo.db.images, repo.db.audit, async () => {
    await repo.db.batches.add({ ...value.batch, id: batchId });
    await repo.db.images.bulkAdd(
      value.images.map((image) => ({
        ...image,
        id: imageIds.get(image.id)!,
        batchId,
        original: blob(image.original, 'application/octet-stream')!,
        thumbnail: blob(image.thumbnail, 'image/jpeg'),
        crop: blob(image.crop, 'image/png'),
      })),
    );
    await repo.db.audit.bulkAdd(
      value.audit.map(({ id: _id, ...entry }) => ({ ...entry, batchId, imageId: entry.imageId ? imageIds.get(entry.imageId) ?? null : null })),
    );
  });
  return batchId;
}

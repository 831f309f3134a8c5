// The app's part of the JSON batch file: everything needed to restore a batch
// exactly (records, images as bytes, audit trail), beside the grade sheet.
import type { AuditRecord, BatchRecord, ImageRecord, Repository } from '../lib/storage';

type StoredImage = Omit<ImageRecord, 'original' | 'thumbnail' | 'crop'> & {
  original: Uint8Array;
  thumbnail: Uint8Array | null;
  crop: Uint8Array | null;
};

export interface BatchSnapshot {
  batch: BatchRecord;
  images: StoredImage[];
  audit: AuditRecord[];
}

const bytes = async (blob: Blob | null) => (blob ? new Uint8Array(await blob.arrayBuffer()) : null);
const blob = (data: Uint8Array | null, type: string) => (data ? new Blob([data as Uint8Array<ArrayBuffer>], { type }) : null);

export async function captureBatch(repo: Repository, batchId: string): Promise<BatchSnapshot> {
  const batch = await repo.getBatch(batchId);
  if (!batch) throw new Error('the batch no longer exists');
  const images = await Promise.all(
    (await repo.imagesOf(batchId)).map(async (image) => ({
      ...image,
      original: (await bytes(image.original))!,
      thumbnail: await bytes(image.thumbnail),
      crop: await bytes(image.crop),
    })),
  );
  return { batch, images, audit: await repo.auditOf(batchId) };
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

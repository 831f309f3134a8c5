import type { BlastogradeDb } from './db';
import { guardQuota } from './quota';
import type { AuditRecord, BatchRecord, ImageRecord } from './records';

const now = () => new Date().toISOString();

export type NewBatch = Pick<BatchRecord, 'patientId' | 'cycleId' | 'day' | 'embryologist' | 'clinic'>;
export type ImagePatch = Partial<Omit<ImageRecord, 'id' | 'batchId'>>;

/** All reads and writes of batches, images and the audit log. */
export function createRepository(db: BlastogradeDb) {
  return {
    db,

    async createBatch(fields: NewBatch): Promise<BatchRecord> {
      const batch: BatchRecord = { ...fields, id: crypto.randomUUID(), createdAt: now(), updatedAt: now() };
      await guardQuota(() => db.batches.add(batch));
      return batch;
    },

    async updateBatch(id: string, patch: Partial<NewBatch>): Promise<void> {
      await guardQuota(() => db.batches.update(id, { ...patch, updatedAt: now() }));
    },

    listBatches: () => db.batches.orderBy('updatedAt').reverse().toArray(),

    getBatch: (id: string) => db.batches.get(id),

    async deleteBatch(id: string): Promise<void> {
      await db.transaction('rw', db.batches, db.images, db.audit, async () => {
        await db.images.where('batchId').equals(id).delete();
        await db.audit.where('batchId').equals(id).delete();
        await db.batches.delete(id);
      });
    },

    async imagesOf(batchId: string): Promise<ImageRecord[]> {
      return (await db.images.where('batchId').equals(batchId).toArray()).sort((a, b) => a.index - b.index);
    },

    getImage: (id: string) => db.images.get(id),

    findByHash: (batchId: string, contentHash: string) =>
      db.images.where('[batchId+contentHash]').equals([batchId, contentHash]).first(),

    async addImages(images: ImageRecord[]): Promise<void> {
      await guardQuota(() =>
        db.transaction('rw', db.images, db.batches, async () => {
          await db.images.bulkAdd(images);
          if (images[0]) await db.batches.update(images[0].batchId, { updatedAt: now() });
        }),
      );
    },

    async updateImage(id: string, patch: ImagePatch): Promise<void> {
      await guardQuota(() => db.images.update(id, { ...patch, updatedAt: now() }));
    },

    async deleteImage(id: string): Promise<void> {
      await db.images.delete(id);
    },

    /** `at` defaults to now; a replayed entry keeps the time it was made. */
    async appendAudit(entry: Omit<AuditRecord, 'id' | 'at'> & { at?: string }): Promise<void> {
      await guardQuota(() => db.audit.add({ ...entry, at: entry.at ?? now() }));
    },

    /** Whether this exact entry is already in the trail (so a replayed entry is written once). */
    async hasAudit(entry: Pick<AuditRecord, 'batchId' | 'imageId' | 'at' | 'field' | 'to'>): Promise<boolean> {
      const same = await db.audit.where('batchId').equals(entry.batchId)
        .filter((a) => a.at === entry.at && a.imageId === entry.imageId && a.field === entry.field && a.to === entry.to)
        .count();
      return same > 0;
    },

    auditOf: (batchId: string) => db.audit.where('batchId').equals(batchId).sortBy('id'),

    async getSetting<T>(key: string, fallback: T): Promise<T> {
      return ((await db.settings.get(key))?.value as T | undefined) ?? fallback;
    },

    async setSetting(key: string, value: unknown): Promise<void> {
      await guardQuota(() => db.settings.put({ key, value }));
    },
  };
}

export type Repository = ReturnType<typeof createRepository>;

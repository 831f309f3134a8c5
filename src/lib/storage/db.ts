import Dexie, { type EntityTable } from 'dexie';
import type { AuditRecord, BatchRecord, ImageRecord, SettingRecord } from './records';

export const DATABASE_NAME = 'blastograde';

export type BlastogradeDb = Dexie & {
  batches: EntityTable<BatchRecord, 'id'>;
  images: EntityTable<ImageRecord, 'id'>;
  audit: EntityTable<AuditRecord, 'id'>;
  settings: EntityTable<SettingRecord, 'key'>;
};

/**
 * The versioned schema. Never edit a released version: add the next one with
 * its upgrade function, so a lab's stored batches move forward intact.
 */
export function openDatabase(name = DATABASE_NAME, options?: ConstructorParameters<typeof Dexie>[1]): BlastogradeDb {
  const db = new Dexie(name, options) as BlastogradeDb;
  db.version(1).stores({
    batches: 'id, updatedAt',
    images: 'id, batchId, [batchId+contentHash], status',
    audit: '++id, batchId, imageId',
  });
  // v2: settings table; images gain `warnings` (v1 kept them in `error`).
  db.version(2)
    .stores({ settings: 'key', audit: '++id, batchId, imageId, at' })
    .upgrade((tx) =>
      tx.table('images').toCollection().modify((image: Partial<ImageRecord>) => {
        image.warnings ??= [];
        image.overrides ??= {};
      }),
    );
  return db;
}

export { openDatabase, DATABASE_NAME, type BlastogradeDb } from './db';
export { createRepository, type Repository, type NewBatch, type ImagePatch } from './repository';
export { isQuotaError, QUOTA_MESSAGE, StorageFullError, requestPersistentStorage } from './quota';
export type { AuditRecord, BatchRecord, ImageRecord, LocalisationRecord, SettingRecord } from './records';
export { createJournal, type Journal, type KeyValueStorage } from './journal';
export { batchSnapshot, type BatchSnapshot, type SnapshotImage } from './snapshot';
export { watchBatchImages, type ImagesWatcher } from './watch-images';

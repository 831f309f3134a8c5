// The backup for hosts without a page (the CLI, benchmarks): a backup file read entry by entry
// from any random-access source, verified, listed, and its batches exported as the app would.
export { BackupError, BACKUP_TABLES, type BackupTable } from './format';
export { openBackup, entryKind, type BackupArchive, type EntryKind, type CheckedEntry } from './archive';
export { openRestorable, type RestorableBackup } from './restorable';
export { catalogBackup, type BackupCatalog, type BackupIndex, type BatchSummary, type ModelSummary, type CatalogProgress } from './catalog';
export { exportBatch, backupModelCards, modelPackageFiles, blobRefsOf, type BatchExport, type ExportOptions } from './batch-export';
export { blobSource, readZipDirectory, type RandomAccessSource, type ZipEntry } from './zip-directory';
export { writeBackup, type LabSource, type TableSource } from './write';
export { planMerge, summarise, type MergePlan } from './merge';

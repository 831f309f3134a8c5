// The whole-lab backup: a versioned zip format, its streaming writer, its one verifying reader
// (archive.ts, entry by entry over a RandomAccessSource) seen as what a restore applies
// (restorable.ts), and the merge rules of a restore (pure). The app supplies the records
// (LabSource) and writes the plan.
export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_TABLES, BackupError, type BackupManifest, type BackupTable } from './format';
export { writeBackup, backupFileName, type LabSource, type TableSource, type BackupProgress } from './write';
export { openRestorable, type RestorableBackup, type CheckProgress } from './restorable';
export { blobSource, type RandomAccessSource } from './zip-directory';
export { planMerge, planTable, summarise, recordKey, type MergePlan, type MergeConflict, type RestoreSummary, type TablePlan } from './merge';
export { toPortable, fromPortable, materialise, canonicalJson, type PortableRecord } from './portable';

// The whole-lab backup: a versioned zip format, its streaming writer and verifying reader, and the
// merge rules of a restore (pure). The app supplies the records (LabSource) and writes the plan.
export { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_TABLES, BackupError, type BackupManifest, type BackupTable } from './format';
export { writeBackup, backupFileName, type LabSource, type TableSource, type BackupProgress } from './write';
export { readBackup, blobChunks, type VerifiedBackup } from './read';
export { openBackup, restorableOf, type RestorableBackup, type CheckProgress } from './open';
export { planMerge, planTable, summarise, recordKey, type MergePlan, type MergeConflict, type RestoreSummary, type TablePlan } from './merge';
export { toPortable, fromPortable, materialise, canonicalJson, type PortableRecord } from './portable';

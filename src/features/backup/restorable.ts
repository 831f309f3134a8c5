// The app's view of a backup (archive.ts, the one reader): every entry checked against the
// manifest's sha256 before the backup is handed on; records (small JSON) kept, blobs (images,
// model weights) only hashed and dropped, then read again, and checked again, when a restore
// writes the record that needs them. Peak memory: the records plus the largest single entry.
// Unlike the CLI's catalog, a restore refuses what it cannot apply whole: a newer format, an
// entry of a kind it does not know.
import { openBackup, parseRecord } from './archive';
import { BACKUP_FORMAT_VERSION, BACKUP_TABLES, BackupError, blobPath, type BackupManifest, type BackupTable } from './format';
import type { PortableRecord } from './portable';
import type { RandomAccessSource } from './zip-directory';

/** A verified backup, its blobs fetched on demand (each verified again as it is read). */
export interface RestorableBackup {
  manifest: BackupManifest;
  records: Record<BackupTable, PortableRecord[]>;
  blob(sha256: string): Promise<Uint8Array>;
}

export interface CheckProgress {
  /** Entries checked so far, of `total`. */
  done: number;
  total: number;
}

/** Refusals found while checking say so: nothing has been written yet. */
const SAYS_NOTHING_RESTORED = new Set(['hash-mismatch', 'missing-entry', 'unlisted-entry']);

function beforeWriting(error: unknown): unknown {
  if (!(error instanceof BackupError) || !SAYS_NOTHING_RESTORED.has(error.code)) return error;
  return new BackupError(error.code, `${error.message} Nothing was restored.`);
}

async function check(source: RandomAccessSource, onProgress?: (p: CheckProgress) => void): Promise<RestorableBackup> {
  const archive = await openBackup(source);
  const { manifest } = archive;
  if (!(manifest.formatVersion >= 1 && manifest.formatVersion <= BACKUP_FORMAT_VERSION))
    throw new BackupError('newer-version', `This backup was written in format ${manifest.formatVersion} by blastograde ${manifest.appVersion}; this app reads up to format ${BACKUP_FORMAT_VERSION}. Update the app to restore it.`);
  const records = Object.fromEntries(BACKUP_TABLES.map((t) => [t, [] as PortableRecord[]])) as Record<BackupTable, PortableRecord[]>;
  const total = archive.entries.length;
  let done = 0;
  onProgress?.({ done, total });
  for await (const { path, kind, bytes } of archive.each()) {
    if (kind.kind === 'unknown') throw new BackupError('bad-record', `The backup holds an entry this app does not know: "${path}".`);
    if (kind.kind === 'record') records[kind.table].push(parseRecord(path, bytes));
    onProgress?.({ done: ++done, total });
  }
  return {
    manifest,
    records,
    async blob(sha256) {
      try {
        return await archive.read(blobPath(sha256));
      } catch (error) {
        // It matched when it was checked: the file changed on disk since.
        if (error instanceof BackupError && error.code === 'hash-mismatch')
          throw new BackupError('hash-mismatch', `The backup changed while it was restored: "${blobPath(sha256)}" no longer matches its sha256.`);
        throw error;
      }
    },
  };
}

/** Opens a backup to restore (in a page: `blobSource(file)`), refusing it whole if any entry is wrong. */
export async function openRestorable(source: RandomAccessSource, onProgress?: (p: CheckProgress) => void): Promise<RestorableBackup> {
  try {
    return await check(source, onProgress);
  } catch (error) {
    throw beforeWriting(error);
  }
}

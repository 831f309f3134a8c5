// Opens a lab backup held in a Blob (a picked File) without reading it whole: the zip's central
// directory, then each entry through Blob.slice, checked against the manifest's sha256 before the
// backup is handed on. Records (small JSON) are kept; blobs (images, model weights) are only
// hashed and dropped, and read again, and checked again, when a restore writes the record that
// needs them. Peak memory: the records plus the largest single entry.
import { BackupError, MANIFEST_PATH, type BackupManifest, type BackupTable } from './format';
import type { PortableRecord } from './portable';
import { acceptEntry, checkAllListed, emptyTables, parseManifest, type VerifiedBackup } from './read';
import { sha256Hex } from './sha256';
import { blobSource, readZipDirectory, readZipEntry, type ZipEntry } from './zip-directory';

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

export async function openBackup(file: Blob, onProgress?: (p: CheckProgress) => void): Promise<RestorableBackup> {
  const source = blobSource(file);
  const byName = new Map((await readZipDirectory(source)).map((e) => [e.name, e]));
  const read = (entry: ZipEntry | undefined) => (entry ? readZipEntry(source, entry) : Promise.resolve(undefined));
  const manifest = parseManifest(await read(byName.get(MANIFEST_PATH)));
  checkAllListed(byName.keys(), manifest);
  const records = emptyTables();
  const blobs = new Map<string, ZipEntry>();
  const paths = Object.keys(manifest.entries).sort();
  onProgress?.({ done: 0, total: paths.length });
  for (const [i, path] of paths.entries()) {
    if ((await acceptEntry(path, await read(byName.get(path)), manifest, records)) === 'blob') blobs.set(path.slice('blobs/'.length), byName.get(path)!);
    onProgress?.({ done: i + 1, total: paths.length });
  }
  return {
    manifest,
    records,
    async blob(sha256) {
      const entry = blobs.get(sha256);
      if (!entry) throw new BackupError('missing-entry', `The backup is incomplete: "blobs/${sha256}" is missing.`);
      const bytes = await readZipEntry(source, entry);
      // The file may have changed on disk since it was checked.
      if ((await sha256Hex(bytes)) !== sha256)
        throw new BackupError('hash-mismatch', `The backup changed while it was restored: "${entry.name}" no longer matches its sha256.`);
      return bytes;
    },
  };
}

/** A backup read whole (readBackup) as a restorable one. */
export const restorableOf = ({ manifest, records, blobs }: VerifiedBackup): RestorableBackup => ({
  manifest,
  records,
  async blob(sha256) {
    const bytes = blobs.get(sha256);
    if (!bytes) throw new BackupError('missing-entry', `The backup is incomplete: "blobs/${sha256}" is missing.`);
    return bytes;
  },
});

// Writes a lab backup as a zip, chunk by chunk: records are read one at a time from the source,
// each becomes its own entry, each blob is written once; the zip's bytes go to `sink` as fflate
// produces them, so the whole file is never one buffer here.
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_TABLES, MANIFEST_PATH, blobPath, recordPath, type BackupManifest, type BackupTable } from './format';
import { toPortable, type BlobBytes } from './portable';
import { sha256Hex } from './sha256';

/** One table of the lab: how many records, and the records one after another. */
export interface TableSource {
  count(): Promise<number>;
  records(): AsyncIterable<object>;
}

export type LabSource = Record<BackupTable, TableSource>;

export interface BackupProgress {
  done: number;
  total: number;
}

export interface WriteOptions {
  appVersion: string;
  /** Each chunk of the zip, in order; `final` on the last. */
  sink: (chunk: Uint8Array, final: boolean) => void;
  onProgress?: (p: BackupProgress) => void;
  now?: () => Date;
}

const encoder = new TextEncoder();

export async function writeBackup(source: LabSource, { appVersion, sink, onProgress, now = () => new Date() }: WriteOptions): Promise<BackupManifest> {
  let failure: Error | null = null;
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else sink(chunk, final);
  });
  const entries: Record<string, string> = {};
  const written = new Set<string>();

  async function addEntry(path: string, bytes: Uint8Array, compress: boolean) {
    entries[path] = await sha256Hex(bytes);
    const file = compress ? new ZipDeflate(path, { level: 6 }) : new ZipPassThrough(path);
    zip.add(file);
    file.push(bytes, true);
    if (failure) throw failure;
  }

  const counts = {} as Record<BackupTable, number>;
  for (const table of BACKUP_TABLES) counts[table] = await source[table].count();
  const total = BACKUP_TABLES.reduce((n, t) => n + counts[t], 0);
  let done = 0;
  onProgress?.({ done, total });

  for (const table of BACKUP_TABLES) {
    let n = 0;
    for await (const record of source[table].records()) {
      const blobs: BlobBytes = new Map();
      const portable = await toPortable(record, blobs);
      for (const [hash, bytes] of blobs) {
        if (written.has(hash)) continue;
        written.add(hash);
        // Images and model weights are already compressed or close to random: stored as they are.
        await addEntry(blobPath(hash), bytes, false);
      }
      await addEntry(recordPath(table, n++), encoder.encode(JSON.stringify(portable)), true);
      onProgress?.({ done: ++done, total: Math.max(total, done) });
    }
    counts[table] = n;
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion,
    createdAt: now().toISOString(),
    counts,
    blobCount: written.size,
    entries,
  };
  const file = new ZipDeflate(MANIFEST_PATH, { level: 6 });
  zip.add(file);
  file.push(encoder.encode(JSON.stringify(manifest, null, 1)), true);
  zip.end();
  if (failure) throw failure;
  return manifest;
}

/** e.g. "blastograde-lab-2026-12-06.zip". */
export const backupFileName = (date: Date) => `blastograde-lab-${date.toISOString().slice(0, 10)}.zip`;

// Writes a lab backup as a zip, chunk by chunk: records are read one at a time from the source,
// each becomes its own entry, each blob is written once; the zip's bytes go to `sink` as they are
// produced, so the whole file is never one buffer here. client-zip writes the zip because it
// switches to ZIP64 when a lab passes 4 GB or 65,535 entries (thousands of archive images do);
// fflate's writer, used before, wrapped both counts silently and left a backup no reader could
// open. client-zip stores every entry uncompressed: images and weights do not deflate anyway,
// and the JSON records are a small part of a backup.
import { makeZip } from 'client-zip';
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
  /** Each chunk of the zip, in order; `final` on the last. Awaited before the next is produced. */
  sink: (chunk: Uint8Array, final: boolean) => unknown;
  onProgress?: (p: BackupProgress) => void;
  now?: () => Date;
}

interface ZipInput {
  name: string;
  input: Uint8Array;
  lastModified: Date;
}

const encoder = new TextEncoder();
const SINK_CHUNK_BYTES = 1 << 20;

/** The backup's entries in the order they are written: each record's new blobs, the record, and last the manifest. */
async function* backupEntries(source: LabSource, appVersion: string, now: () => Date, onProgress: WriteOptions['onProgress'], onManifest: (m: BackupManifest) => void): AsyncGenerator<ZipInput> {
  const createdAt = now();
  const entries: Record<string, string> = {};
  const written = new Set<string>();
  async function entry(name: string, bytes: Uint8Array): Promise<ZipInput> {
    entries[name] = await sha256Hex(bytes);
    return { name, input: bytes, lastModified: createdAt };
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
        yield await entry(blobPath(hash), bytes);
      }
      yield await entry(recordPath(table, n++), encoder.encode(JSON.stringify(portable)));
      onProgress?.({ done: ++done, total: Math.max(total, done) });
    }
    counts[table] = n;
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    appVersion,
    createdAt: createdAt.toISOString(),
    counts,
    blobCount: written.size,
    entries,
  };
  onManifest(manifest);
  yield { name: MANIFEST_PATH, input: encoder.encode(JSON.stringify(manifest, null, 1)), lastModified: createdAt };
}

/** Chunks joined into one (the one chunk itself when there is only one). */
function concatChunks(chunks: Uint8Array[], bytes: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export async function writeBackup(source: LabSource, { appVersion, sink, onProgress, now = () => new Date() }: WriteOptions): Promise<BackupManifest> {
  let manifest: BackupManifest | undefined;
  const reader = makeZip(backupEntries(source, appVersion, now, onProgress, (m) => (manifest = m))).getReader();
  // client-zip hands over each header, name and body as its own chunk: they are gathered to
  // about 1 MiB so the sink sees a few large chunks, and the last is handed over as final.
  let gathered: Uint8Array[] = [];
  let gatheredBytes = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (gatheredBytes >= SINK_CHUNK_BYTES) {
        await sink(concatChunks(gathered, gatheredBytes), false);
        gathered = [];
        gatheredBytes = 0;
      }
      gathered.push(value);
      gatheredBytes += value.length;
    }
    await sink(concatChunks(gathered, gatheredBytes), true);
  } catch (error) {
    // The sink failed (e.g. the disk is full): stop reading the lab.
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
  if (!manifest) throw new Error('The backup ended before its manifest was written.');
  return manifest;
}

/** e.g. "blastograde-lab-2026-12-06.zip". */
export const backupFileName = (date: Date) => `blastograde-lab-${date.toISOString().slice(0, 10)}.zip`;

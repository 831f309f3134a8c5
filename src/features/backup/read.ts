// Reads a lab backup held whole in memory: unzips it as its chunks arrive, then checks it against
// its manifest (every listed entry present with its sha256, nothing unlisted) before returning any
// record. For small files and hosts that only have a stream (the CLI may); the app restores
// through open.ts, which reads a File entry by entry.
import { Unzip, UnzipInflate } from 'fflate';
import {
  BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BACKUP_TABLES, BackupError, MANIFEST_PATH, tableOfPath,
  type BackupManifest, type BackupTable,
} from './format';
import type { PortableRecord } from './portable';
import { sha256Hex } from './sha256';

export interface VerifiedBackup {
  manifest: BackupManifest;
  records: Record<BackupTable, PortableRecord[]>;
  /** Blob bytes by sha256 (verified). */
  blobs: Map<string, Uint8Array>;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** Every entry of the zip by path. Throws BackupError 'not-a-zip' when it is not one. */
export async function unzipEntries(chunks: AsyncIterable<Uint8Array>): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let started = 0;
  let failure: unknown = null;
  // UnzipInflate and stored entries call ondata synchronously within push().
  const unzip = new Unzip((file) => {
    started++;
    const parts: Uint8Array[] = [];
    file.ondata = (err, data, final) => {
      if (err) { failure = err; return; }
      parts.push(data);
      if (final) files.set(file.name, concat(parts));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    let last: Uint8Array | null = null;
    for await (const chunk of chunks) {
      if (last) unzip.push(last);
      last = chunk;
    }
    unzip.push(last ?? new Uint8Array(0), true);
  } catch (err) {
    failure = err;
  }
  // A cut-off file leaves an entry started and never finished.
  if (failure || started === 0 || files.size !== started)
    throw new BackupError('not-a-zip', 'This file is not a complete blastograde lab backup (it is not a readable zip file, or it was cut short).');
  return files;
}

/** The manifest, checked to be this format in a version this app reads. */
export function parseManifest(manifestBytes: Uint8Array | undefined): BackupManifest {
  if (!manifestBytes) throw new BackupError('no-manifest', 'This file is not a blastograde lab backup: it has no manifest.json.');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as BackupManifest;
  } catch {
    throw new BackupError('no-manifest', 'The backup\'s manifest.json is not readable JSON.');
  }
  if (manifest.format !== BACKUP_FORMAT || typeof manifest.entries !== 'object' || manifest.entries === null)
    throw new BackupError('wrong-format', 'This file is not a blastograde lab backup (its manifest names another format).');
  if (!(manifest.formatVersion >= 1 && manifest.formatVersion <= BACKUP_FORMAT_VERSION))
    throw new BackupError('newer-version', `This backup was written in format ${manifest.formatVersion} by blastograde ${manifest.appVersion}; this app reads up to format ${BACKUP_FORMAT_VERSION}. Update the app to restore it.`);
  return manifest;
}

/** Refuses a zip holding an entry its manifest does not list. */
export function checkAllListed(paths: Iterable<string>, manifest: BackupManifest): void {
  for (const path of paths) {
    if (path !== MANIFEST_PATH && !(path in manifest.entries))
      throw new BackupError('unlisted-entry', `The backup holds "${path}", which its manifest does not list: it was changed after it was written. Nothing was restored.`);
  }
}

export const emptyTables = () => Object.fromEntries(BACKUP_TABLES.map((t) => [t, [] as PortableRecord[]])) as Record<BackupTable, PortableRecord[]>;

/** Checks one listed entry's bytes against the manifest; a record entry is parsed into `records`. */
export async function acceptEntry(path: string, bytes: Uint8Array | undefined, manifest: BackupManifest, records: Record<BackupTable, PortableRecord[]>): Promise<'blob' | 'record'> {
  if (!bytes) throw new BackupError('missing-entry', `The backup is incomplete: "${path}" is missing. Nothing was restored.`);
  if ((await sha256Hex(bytes)) !== manifest.entries[path])
    throw new BackupError('hash-mismatch', `The backup is damaged or was altered: "${path}" does not match its sha256 in the manifest. Nothing was restored.`);
  if (path.startsWith('blobs/')) return 'blob';
  const table = tableOfPath(path);
  if (!table) throw new BackupError('bad-record', `The backup holds an entry this app does not know: "${path}".`);
  try {
    records[table].push(JSON.parse(new TextDecoder().decode(bytes)) as PortableRecord);
  } catch {
    throw new BackupError('bad-record', `The backup's record "${path}" is not readable JSON.`);
  }
  return 'record';
}

/** The backup, verified entry by entry; throws BackupError naming the first problem. */
export async function verifyBackup(files: Map<string, Uint8Array>): Promise<VerifiedBackup> {
  const manifest = parseManifest(files.get(MANIFEST_PATH));
  checkAllListed(files.keys(), manifest);
  const records = emptyTables();
  const blobs = new Map<string, Uint8Array>();
  for (const path of Object.keys(manifest.entries).sort()) {
    const bytes = files.get(path);
    if ((await acceptEntry(path, bytes, manifest, records)) === 'blob') blobs.set(path.slice('blobs/'.length), bytes!);
  }
  return { manifest, records, blobs };
}

export async function readBackup(chunks: AsyncIterable<Uint8Array>): Promise<VerifiedBackup> {
  return verifyBackup(await unzipEntries(chunks));
}

/** The chunks of a File or Blob, as its stream gives them. */
export async function* blobChunks(blob: Blob): AsyncIterable<Uint8Array> {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

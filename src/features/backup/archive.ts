// The one reader of a backup file, entry by entry over a RandomAccessSource (zip-directory; a
// file handle in the CLI, Blob.slice in a page): its manifest checked against the zip's directory
// before any entry is read, then each entry checked against its sha256 as it is read. Tolerant of
// what a later format adds (a newer version or an unknown entry kind is reported, not refused);
// its two views decide what to refuse: catalog.ts (CLI list and export) and restorable.ts (the
// app's restore, which refuses a newer format).
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, BackupError, MANIFEST_PATH, tableOfPath, type BackupManifest, type BackupTable } from './format';
import type { PortableRecord } from './portable';
import { sha256Hex } from './sha256';
import { readZipDirectory, readZipEntry, type RandomAccessSource, type ZipEntry } from './zip-directory';

export interface BackupArchive {
  manifest: BackupManifest;
  /** Written in a later format than this reader knows (read as far as it is understood). */
  newerFormat: boolean;
  /** Every entry but the manifest, in the order they lie in the file. */
  entries: readonly ZipEntry[];
  /** One entry's bytes, checked against the manifest's sha256 (BackupError 'hash-mismatch'). */
  read(path: string): Promise<Uint8Array>;
  /** One record entry, parsed. */
  record(path: string): Promise<PortableRecord>;
  /** Every entry once, in file order, each checked (as `read`) before it is handed on. */
  each(): AsyncIterable<CheckedEntry>;
}

/** An entry read and matched against the manifest. */
export interface CheckedEntry {
  path: string;
  kind: EntryKind;
  bytes: Uint8Array;
}

/** What an entry holds: a record of a known table, a blob, or something this reader does not know. */
export type EntryKind = { kind: 'record'; table: BackupTable } | { kind: 'blob'; sha256: string } | { kind: 'unknown'; group: string };

export function entryKind(path: string): EntryKind {
  const table = tableOfPath(path);
  if (table) return { kind: 'record', table };
  if (path.startsWith('blobs/')) return { kind: 'blob', sha256: path.slice('blobs/'.length) };
  // "records/features/000001.json" -> "records/features"; "packages/x/y.bin" -> "packages".
  const parts = path.split('/');
  return { kind: 'unknown', group: parts[0] === 'records' && parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]! };
}

function parseManifest(bytes: Uint8Array): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as BackupManifest;
  } catch {
    throw new BackupError('no-manifest', 'The backup\'s manifest.json is not readable JSON: the file is damaged.');
  }
  if (manifest?.format !== BACKUP_FORMAT || typeof manifest.entries !== 'object' || manifest.entries === null)
    throw new BackupError('wrong-format', 'This file is not a blastograde lab backup (its manifest names another format).');
  return manifest;
}

const decoder = new TextDecoder();

/** A record entry's bytes, parsed. */
export function parseRecord(path: string, bytes: Uint8Array): PortableRecord {
  try {
    return JSON.parse(decoder.decode(bytes)) as PortableRecord;
  } catch {
    throw new BackupError('bad-record', `The backup's record "${path}" is not readable JSON.`);
  }
}

/** Opens a backup: directory and manifest read and matched; no other entry read yet. */
export async function openBackup(source: RandomAccessSource): Promise<BackupArchive> {
  const directory = await readZipDirectory(source);
  const manifestEntry = directory.find((e) => e.name === MANIFEST_PATH);
  if (!manifestEntry) throw new BackupError('no-manifest', 'This file is not a blastograde lab backup: it has no manifest.json.');
  const manifest = parseManifest(await readZipEntry(source, manifestEntry));
  const entries = directory.filter((e) => e.name !== MANIFEST_PATH).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const byPath = new Map(entries.map((e) => [e.name, e]));
  for (const e of entries) {
    if (!(e.name in manifest.entries))
      throw new BackupError('unlisted-entry', `The backup holds "${e.name}", which its manifest does not list: it was changed after it was written.`);
  }
  for (const path of Object.keys(manifest.entries)) {
    if (!byPath.has(path)) throw new BackupError('missing-entry', `The backup is incomplete: "${path}", listed in its manifest, is missing.`);
  }

  async function read(path: string): Promise<Uint8Array> {
    const entry = byPath.get(path);
    if (!entry) throw new BackupError('missing-entry', `The backup is incomplete: "${path}" is missing.`);
    const bytes = await readZipEntry(source, entry);
    if ((await sha256Hex(bytes)) !== manifest.entries[path])
      throw new BackupError('hash-mismatch', `The backup is damaged or was altered: "${path}" does not match its sha256 in the manifest.`);
    return bytes;
  }

  return {
    manifest,
    newerFormat: !(manifest.formatVersion <= BACKUP_FORMAT_VERSION),
    entries,
    read,
    record: async (path) => parseRecord(path, await read(path)),
    async *each() {
      for (const { name } of entries) yield { path: name, kind: entryKind(name), bytes: await read(name) };
    },
  };
}

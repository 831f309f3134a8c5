// Records as a backup keeps them: plain JSON, each Blob or ArrayBuffer replaced by a BlobRef
// (its sha256), and back. The same form is used to compare a backup's record with the local one.
import { isBlobRef, type BlobRef } from './format';
import { sha256Hex } from './sha256';

export type PortableRecord = Record<string, unknown>;

/** Bytes met while making a record portable, by sha256. */
export type BlobBytes = Map<string, Uint8Array>;

async function bytesOf(value: Blob | ArrayBuffer): Promise<Uint8Array> {
  return new Uint8Array(value instanceof ArrayBuffer ? value : await value.arrayBuffer());
}

/**
 * The record with every Blob / ArrayBuffer (at any depth of plain objects, e.g. a model's
 * `files` map) replaced by its BlobRef; the bytes go into `blobs` unless `keepBytes` is false.
 */
export async function toPortable(record: object, blobs: BlobBytes | null): Promise<PortableRecord> {
  async function walk(value: unknown): Promise<unknown> {
    if (value instanceof Blob || value instanceof ArrayBuffer) {
      const bytes = await bytesOf(value);
      const hash = await sha256Hex(bytes);
      if (blobs && !blobs.has(hash)) blobs.set(hash, bytes);
      const ref: BlobRef = { $blob: hash, kind: value instanceof ArrayBuffer ? 'arraybuffer' : value.type };
      return ref;
    }
    if (Array.isArray(value)) return Promise.all(value.map(walk));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = await walk(v);
      return out;
    }
    return value;
  }
  return (await walk(record)) as PortableRecord;
}

/** The record with each BlobRef turned back into a Blob (or an ArrayBuffer). */
export function fromPortable<T>(record: PortableRecord, blobs: ReadonlyMap<string, Uint8Array>): T {
  function walk(value: unknown): unknown {
    if (isBlobRef(value)) {
      const bytes = blobs.get(value.$blob);
      if (!bytes) throw new Error(`missing blob ${value.$blob}`);
      if (value.kind === 'arraybuffer') return bytes.slice().buffer;
      return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: value.kind });
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  }
  return walk(record) as T;
}

/** JSON with object keys sorted, so two equal records give the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The sha256 of every blob a portable record refers to. */
export function blobRefsOf(record: unknown, into = new Set<string>()): Set<string> {
  if (isBlobRef(record)) into.add(record.$blob);
  else if (Array.isArray(record)) for (const v of record) blobRefsOf(v, into);
  else if (record && typeof record === 'object') for (const v of Object.values(record)) blobRefsOf(v, into);
  return into;
}

/** Records back in their stored form, their blobs fetched (verified) only for these records. */
export async function materialise<T>(records: readonly PortableRecord[], blob: (sha256: string) => Promise<Uint8Array>): Promise<T[]> {
  const bytes = new Map<string, Uint8Array>();
  for (const record of records) {
    for (const hash of blobRefsOf(record)) if (!bytes.has(hash)) bytes.set(hash, await blob(hash));
  }
  return records.map((r) => fromPortable<T>(r, bytes));
}

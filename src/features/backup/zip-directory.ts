// Random-access reading of a backup zip: the central directory from the file's end (through the
// ZIP64 end records when the lab passed 4 GB or 65,535 entries), then one entry at a time by its
// offset, so a backup of many GB is never one buffer. The host supplies the
// bytes (a file handle in the CLI, Blob.slice in a page); fflate inflates one entry.
import { inflateSync } from 'fflate';
import { BackupError } from './format';

/** Bytes of a file by range: `read` returns exactly `length` bytes unless the file ends first. */
export interface RandomAccessSource {
  size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const ZIP64_EOCD_SIZE = 56;
const ZIP64_EXTRA_ID = 0x0001;
/** 256 MiB of directory is some 3 million entries: far past any lab, and a bound on what a crafted file can make this read. */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

/** A Blob or File as a random-access source (a page, or Node's Blob in tests). */
export const blobSource = (blob: Blob): RandomAccessSource => ({
  size: blob.size,
  read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
});

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const truncated = (size: number) =>
  new BackupError('truncated', `This backup is incomplete: the file (${size} bytes) ends before its zip directory, so it was cut short while it was written or copied. Nothing was read from it.`);

/** Where the central directory is and how many entries it lists, from the end records (ZIP64's where needed). */
interface DirectoryExtent {
  /** null: as many as the directory holds (a count past 65,535 with no ZIP64 end record). */
  count: number | null;
  size: number;
  offset: number;
  /** Where the end records start: the directory must end before. */
  end: number;
}

const damagedDirectory = (why: string) => new BackupError('not-a-zip', `This backup's zip directory is damaged (${why}). Nothing was read from it.`);

/** A 64-bit little-endian count or offset; beyond 2^53 no real file goes, so it is refused as damage. */
function uint64(dv: DataView, at: number): number {
  const value = dv.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damagedDirectory('a ZIP64 size is out of range');
  return Number(value);
}

async function directoryExtent(source: RandomAccessSource): Promise<DirectoryExtent> {
  const tailLength = Math.min(source.size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  const tv = view(tail);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) if (tv.getUint32(i, true) === EOCD_SIGNATURE) { at = i; break; }
  if (at < 0) throw truncated(source.size);
  const eocd = tailStart + at;
  const count = tv.getUint16(at + 10, true);
  const size = tv.getUint32(at + 12, true);
  const offset = tv.getUint32(at + 16, true);
  // A field at its maximum says the real value is in the ZIP64 end record, found through the locator just before.
  if (count !== 0xffff && size !== 0xffffffff && offset !== 0xffffffff) return { count, size, offset, end: eocd };
  const locator = eocd >= ZIP64_LOCATOR_SIZE ? view(await source.read(eocd - ZIP64_LOCATOR_SIZE, ZIP64_LOCATOR_SIZE)) : null;
  if (!locator || locator.getUint32(0, true) !== ZIP64_LOCATOR_SIGNATURE) {
    // client-zip writes ZIP64 end records only past 4 GB: with more than 65,535 small entries the
    // count says "at least 65,535" and the directory, whose size and place are still exact, is read to its end.
    if (count === 0xffff && size !== 0xffffffff && offset !== 0xffffffff) return { count: null, size, offset, end: eocd };
    throw damagedDirectory('its ZIP64 end locator is missing');
  }
  const recordAt = uint64(locator, 8);
  if (recordAt + ZIP64_EOCD_SIZE > eocd - ZIP64_LOCATOR_SIZE) throw truncated(source.size);
  const record = view(await source.read(recordAt, ZIP64_EOCD_SIZE));
  if (record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) throw damagedDirectory('its ZIP64 end record is not where the locator says');
  return { count: uint64(record, 32), size: uint64(record, 40), offset: uint64(record, 48), end: recordAt };
}

/** An entry's sizes and offset: a field at its 32-bit maximum is read from the entry's ZIP64 extra field. */
function zip64Fields(dv: DataView, extraStart: number, extraLength: number, fields: { size: number; compressedSize: number; localHeaderOffset: number }) {
  const wanted = (['size', 'compressedSize', 'localHeaderOffset'] as const).filter((k) => fields[k] === 0xffffffff);
  if (wanted.length === 0) return fields;
  for (let q = extraStart; q + 4 <= extraStart + extraLength;) {
    const id = dv.getUint16(q, true);
    const length = dv.getUint16(q + 2, true);
    if (id === ZIP64_EXTRA_ID) {
      if (length < wanted.length * 8) break;
      const out = { ...fields };
      wanted.forEach((k, i) => { out[k] = uint64(dv, q + 4 + i * 8); });
      return out;
    }
    q += 4 + length;
  }
  throw damagedDirectory('an entry past 4 GB has no ZIP64 sizes');
}

/** Every entry the zip's central directory lists, in directory order. */
export async function readZipDirectory(source: RandomAccessSource): Promise<ZipEntry[]> {
  const head = await source.read(0, 4);
  if (head.length < 4 || view(head).getUint32(0, true) !== LOCAL_SIGNATURE)
    throw new BackupError('not-a-zip', 'This file is not a blastograde lab backup: it is not a zip file.');
  const extent = await directoryExtent(source);
  if (extent.offset + extent.size > extent.end) throw truncated(source.size);
  // Each entry takes at least 46 bytes, so a count the directory cannot hold is damage (and bounds the loop).
  if (extent.count !== null && extent.count * 46 > extent.size) throw damagedDirectory('it lists more entries than it has room for');
  if (extent.size > MAX_DIRECTORY_BYTES) throw damagedDirectory(`it is ${extent.size} bytes, more than any backup writes`);

  const directory = await source.read(extent.offset, extent.size);
  const dv = view(directory);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; extent.count === null ? p < directory.length : n < extent.count; n++) {
    if (p + 46 > directory.length || dv.getUint32(p, true) !== CENTRAL_SIGNATURE) throw damagedDirectory('an entry is not where the directory says');
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    if (p + 46 + nameLength + extraLength > directory.length) throw damagedDirectory('an entry runs past its end');
    const fields = zip64Fields(dv, p + 46 + nameLength, extraLength, {
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      localHeaderOffset: dv.getUint32(p + 42, true),
    });
    entries.push({ name: decoder.decode(directory.subarray(p + 46, p + 46 + nameLength)), method: dv.getUint16(p + 10, true), ...fields });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** One entry's bytes, inflated. */
export async function readZipEntry(source: RandomAccessSource, entry: ZipEntry): Promise<Uint8Array> {
  const damaged = (why: string) => new BackupError('not-a-zip', `The backup's entry "${entry.name}" cannot be read: ${why}. The file is damaged.`);
  const header = await source.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || view(header).getUint32(0, true) !== LOCAL_SIGNATURE) throw damaged('its local header is missing');
  const start = entry.localHeaderOffset + 30 + view(header).getUint16(26, true) + view(header).getUint16(28, true);
  const data = await source.read(start, entry.compressedSize);
  if (data.length < entry.compressedSize) throw truncated(source.size);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw damaged(`compression method ${entry.method} is not one a backup uses`);
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: new Uint8Array(entry.size) });
  } catch {
    throw damaged('its compressed bytes do not inflate');
  }
  if (out.length !== entry.size) throw damaged('it inflates to another size than the directory says');
  return out;
}

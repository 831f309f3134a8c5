// Random-access reading of a backup zip: the central directory from the file's end, then one
// entry at a time by its offset, so a 1 GB backup is never one buffer. The host supplies the
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

/** A Blob or File as a random-access source (a page, or Node's Blob in tests). */
export const blobSource = (blob: Blob): RandomAccessSource => ({
  size: blob.size,
  read: async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
});

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const truncated = (size: number) =>
  new BackupError('truncated', `This backup is incomplete: the file (${size} bytes) ends before its zip directory, so it was cut short while it was written or copied. Nothing was read from it.`);

/** Every entry the zip's central directory lists, in directory order. */
export async function readZipDirectory(source: RandomAccessSource): Promise<ZipEntry[]> {
  const head = await source.read(0, 4);
  if (head.length < 4 || view(head).getUint32(0, true) !== LOCAL_SIGNATURE)
    throw new BackupError('not-a-zip', 'This file is not a blastograde lab backup: it is not a zip file.');
  const tailLength = Math.min(source.size, EOCD_SIZE + MAX_COMMENT);
  const tail = await source.read(source.size - tailLength, tailLength);
  const tv = view(tail);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) if (tv.getUint32(i, true) === EOCD_SIGNATURE) { at = i; break; }
  if (at < 0) throw truncated(source.size);
  const count = tv.getUint16(at + 10, true);
  const directorySize = tv.getUint32(at + 12, true);
  const directoryOffset = tv.getUint32(at + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff)
    throw new BackupError('not-a-zip', 'This backup is a ZIP64 file, which this reader does not read (backups are written as plain zip).');
  if (directoryOffset + directorySize > source.size - tailLength + at) throw truncated(source.size);

  const directory = await source.read(directoryOffset, directorySize);
  const dv = view(directory);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || dv.getUint32(p, true) !== CENTRAL_SIGNATURE)
      throw new BackupError('not-a-zip', 'This backup\'s zip directory is damaged (an entry is not where the directory says). Nothing was read from it.');
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    entries.push({
      name: decoder.decode(directory.subarray(p + 46, p + 46 + nameLength)),
      method: dv.getUint16(p + 10, true),
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      localHeaderOffset: dv.getUint32(p + 42, true),
    });
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

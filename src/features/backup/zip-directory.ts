// Random access to a zip held in a Blob (a picked File): its central directory from the file's
// end, then any one entry through Blob.slice. Only the entry being read is ever in memory, so a
// restore's peak is bounded by the largest single entry, not by the file.
import { inflateSync } from 'fflate';
import { BackupError } from './format';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate. */
  method: number;
  compressedSize: number;
  size: number;
  headerOffset: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT = 0xffff;
const UNSET32 = 0xffffffff;

const cutShort = (what: string) =>
  new BackupError('not-a-zip', `This file is not a complete blastograde lab backup (${what}: it is not a readable zip file, or it was cut short).`);

async function bytesAt(file: Blob, start: number, end: number): Promise<Uint8Array> {
  if (start < 0 || end > file.size || start > end) throw cutShort('an entry lies beyond the end of the file');
  return new Uint8Array(await file.slice(start, end).arrayBuffer());
}

const viewOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** Sizes and offset a zip64 extra field holds for the fields set to 0xffffffff (in this order). */
function zip64Values(extra: DataView, wanted: { size: boolean; compressed: boolean; offset: boolean }) {
  for (let at = 0; at + 4 <= extra.byteLength; at += 4 + extra.getUint16(at + 2, true)) {
    if (extra.getUint16(at, true) !== 0x0001) continue;
    let field = at + 4;
    const next = () => { const v = Number(extra.getBigUint64(field, true)); field += 8; return v; };
    return { size: wanted.size ? next() : null, compressed: wanted.compressed ? next() : null, offset: wanted.offset ? next() : null };
  }
  return { size: null, compressed: null, offset: null };
}

/** Every entry the zip's central directory lists. Throws BackupError 'not-a-zip' when there is none. */
export async function zipDirectory(file: Blob): Promise<ZipEntry[]> {
  const tailStart = Math.max(0, file.size - 22 - MAX_COMMENT);
  const tail = await bytesAt(file, tailStart, file.size);
  const tv = viewOf(tail);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tv.getUint32(i, true) === END_OF_DIRECTORY) { end = i; break; }
  if (end < 0) throw cutShort('no zip directory at its end');
  const directorySize = tv.getUint32(end + 12, true);
  const directoryOffset = tv.getUint32(end + 16, true);
  if (directoryOffset === UNSET32 || tv.getUint16(end + 10, true) === 0xffff)
    throw new BackupError('not-a-zip', 'This backup is a zip64 file (over 4 GB or 65,535 entries), which this app does not read.');
  const dir = await bytesAt(file, directoryOffset, directoryOffset + directorySize);
  const dv = viewOf(dir);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let at = 0; at + 46 <= dir.length;) {
    if (dv.getUint32(at, true) !== DIRECTORY_ENTRY) throw cutShort('a damaged zip directory');
    const nameLength = dv.getUint16(at + 28, true);
    const extraLength = dv.getUint16(at + 30, true);
    const commentLength = dv.getUint16(at + 32, true);
    let compressedSize = dv.getUint32(at + 20, true);
    let size = dv.getUint32(at + 24, true);
    let headerOffset = dv.getUint32(at + 42, true);
    const extra = new DataView(dir.buffer, dir.byteOffset + at + 46 + nameLength, extraLength);
    const z64 = zip64Values(extra, { size: size === UNSET32, compressed: compressedSize === UNSET32, offset: headerOffset === UNSET32 });
    size = z64.size ?? size;
    compressedSize = z64.compressed ?? compressedSize;
    headerOffset = z64.offset ?? headerOffset;
    entries.push({ name: decoder.decode(dir.subarray(at + 46, at + 46 + nameLength)), method: dv.getUint16(at + 10, true), compressedSize, size, headerOffset });
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (entries.length === 0) throw cutShort('an empty zip');
  return entries;
}

/** One entry's bytes, inflated. */
export async function readZipEntry(file: Blob, entry: ZipEntry): Promise<Uint8Array> {
  const head = viewOf(await bytesAt(file, entry.headerOffset, entry.headerOffset + 30));
  if (head.getUint32(0, true) !== LOCAL_HEADER) throw cutShort(`"${entry.name}" is not where the directory says`);
  const start = entry.headerOffset + 30 + head.getUint16(26, true) + head.getUint16(28, true);
  const raw = await bytesAt(file, start, start + entry.compressedSize);
  let bytes: Uint8Array;
  try {
    if (entry.method === 0) bytes = raw;
    else if (entry.method === 8) bytes = inflateSync(raw, { out: new Uint8Array(entry.size) });
    else throw new Error(`compression method ${entry.method}`);
  } catch {
    throw cutShort(`"${entry.name}" cannot be unpacked`);
  }
  if (bytes.length !== entry.size) throw cutShort(`"${entry.name}" has the wrong length`);
  return bytes;
}

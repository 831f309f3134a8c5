// A bounded reader of a TIFF's first image directory (IFD), in the shape utif2's
// decodeImage takes. utif2's own reader follows the next-IFD chain, sub-IFDs and
// maker notes with no limit, and reads tag arrays of any declared length, so one
// self-referencing offset hangs it with memory climbing without end. Here only the
// first IFD is read, every value must lie inside the file, and only the tags the
// decoder needs are kept. The same reader serves EXIF blocks in JPEGs.
import { IngestError } from '../ingest-error';

/** The tags utif2 needs to decode a first image, plus orientation. */
const KEPT_TAGS = new Set([
  256, 257, 258, 259, 262, 266, 273, 274, 277, 278, 279, 284, 317, 320, 322, 323, 324, 325, 338, 339, 347, 513, 514, 530, 532,
]);
const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4, 16: 8, 17: 8, 18: 8 };
/** Pages counted before the walk stops (a chain longer than this is not a micrograph). */
const MAX_PAGES = 1024;

export type IfdValues = number[] | Uint8Array;
export type Ifd = Record<string, IfdValues>;

export interface TiffDirectory {
  littleEndian: boolean;
  ifd: Ifd;
  /** Pages in the next-IFD chain, counted with each offset visited once (a loop ends it). */
  pages: number;
}

const corrupt = (message: string) => new IngestError('corrupt', message);

/** Reads the TIFF header and first IFD of `bytes` (a whole TIFF, or an EXIF block's TIFF part). */
export function readFirstIfd(bytes: Uint8Array, what = 'TIFF'): TiffDirectory {
  if (bytes.length < 8) throw corrupt(`${what} header is truncated`);
  const littleEndian = bytes[0] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, littleEndian);
  const u32 = (at: number) => view.getUint32(at, littleEndian);
  if (u16(2) !== 42) throw corrupt(`${what} header is not a valid TIFF header`);
  const first = u32(4);
  const entriesEnd = (at: number) => at + 2 + u16(at) * 12;
  const fits = (at: number) => at >= 8 && at + 2 <= bytes.length && entriesEnd(at) <= bytes.length;
  if (first < 8 || first + 2 > bytes.length) throw corrupt(`${what} directory offset ${first} points outside the ${bytes.length}-byte file`);
  if (!fits(first)) throw corrupt(`${what} directory declares ${u16(first)} entries, more than the ${bytes.length}-byte file holds`);
  const count = u16(first);
  if (count === 0) throw corrupt(`${what} image directory is empty`);

  const ifd: Ifd = {};
  for (let i = 0; i < count; i++) {
    const entry = first + 2 + i * 12;
    const tag = u16(entry);
    if (!KEPT_TAGS.has(tag)) continue;
    const type = u16(entry + 2);
    const n = u32(entry + 4);
    const size = TYPE_SIZES[type];
    if (!size) continue;
    const total = n * size;
    const start = total <= 4 ? entry + 8 : u32(entry + 8);
    if (start + total > bytes.length) {
      throw corrupt(`${what} tag ${tag} declares ${n} values that run past the end of the ${bytes.length}-byte file`);
    }
    const read = (k: number): number => {
      const at = start + k * size;
      if (type === 3) return u16(at);
      if (type === 4 || type === 13) return u32(at);
      if (type === 8) return view.getInt16(at, littleEndian);
      if (type === 9) return view.getInt32(at, littleEndian);
      return bytes[at]!;
    };
    if (type === 1 || type === 6 || type === 7) ifd[`t${tag}`] = bytes.slice(start, start + n);
    else if ([3, 4, 8, 9, 13].includes(type)) ifd[`t${tag}`] = Array.from({ length: n }, (_, k) => read(k));
  }
  return { littleEndian, ifd, pages: countPages(first, fits, entriesEnd, u32, bytes.length) };
}

function countPages(
  first: number,
  fits: (at: number) => boolean,
  entriesEnd: (at: number) => number,
  u32: (at: number) => number,
  length: number,
): number {
  const visited = new Set<number>();
  let at = first;
  while (fits(at) && !visited.has(at) && visited.size < MAX_PAGES) {
    visited.add(at);
    const next = entriesEnd(at);
    if (next + 4 > length) break;
    at = u32(next);
  }
  return visited.size;
}

/** The first value of a numeric tag, if present. */
export function tagValue(ifd: Ifd, tag: number): number | undefined {
  const values = ifd[`t${tag}`];
  return values && values.length ? values[0] : undefined;
}

import UTIF from 'utif2';
import type { RgbaImage } from '../../../lib/types';
import { IngestError } from '../ingest-error';
import { inflatedSizeWithin } from './inflate-capped';
import { checkJpegCost, readJpegSize } from './jpeg';
import { lzwDecodedLength } from './lzw-length';
import { readFirstIfd, tagValue, type Ifd } from './tiff-ifd';
import { toRgba8 } from './to-rgba8';

const NONE = 1, LZW = 5, JPEG = 7, DEFLATE = 8, PACKBITS = 32773, DEFLATE_OLD = 32946;
/** Compressions labs' microscope software writes; the others (fax, camera raw) are refused. */
const SUPPORTED_COMPRESSIONS = new Set([NONE, LZW, JPEG, DEFLATE, PACKBITS, DEFLATE_OLD]);
const SAMPLE_BITS = new Set([1, 2, 4, 8, 16, 32]);
/** Largest tile accepted (utif2 allocates one tile buffer up front). */
const MAX_TILE_PIXELS = 1 << 24;

const corrupt = (message: string) => new IngestError('corrupt', message);
const values = (ifd: Ifd, tag: number): number[] => Array.from(ifd[`t${tag}`] ?? []);

export function readTiffSize(bytes: Uint8Array): { width: number; height: number } {
  const { ifd } = readFirstIfd(bytes);
  const width = tagValue(ifd, 256);
  const height = tagValue(ifd, 257);
  if (width === undefined || height === undefined) throw corrupt('TIFF has no image size in its first directory');
  return { width, height };
}

/** The pieces of compressed pixel data, each with the bytes it must decode to. */
interface Segment { offset: number; length: number; decodedBytes: number; width: number; rows: number }

/**
 * Checks everything utif2 will trust (sample layout, strip and tile tables) against
 * the file length and the declared geometry, so decoding allocates and reads only
 * what the size check allowed.
 */
function checkLayout(bytes: Uint8Array, ifd: Ifd): { compression: number; tiled: boolean } {
  const width = tagValue(ifd, 256)!;
  const height = tagValue(ifd, 257)!;
  const compression = tagValue(ifd, 259) ?? NONE;
  if (!SUPPORTED_COMPRESSIONS.has(compression)) {
    throw new IngestError('unsupported', `TIFF compression ${compression} is not supported; save it uncompressed, LZW, Deflate or JPEG`);
  }
  if (tagValue(ifd, 284) === 2) throw new IngestError('unsupported', 'TIFF with separate colour planes is not supported; save it interleaved (chunky)');
  const bits = values(ifd, 258);
  const samples = tagValue(ifd, 277) ?? 1;
  if (bits.some((b) => !SAMPLE_BITS.has(b))) throw corrupt(`TIFF declares ${bits.join('/')} bits per sample, which is invalid`);
  if (samples < 1 || samples > 8) throw corrupt(`TIFF declares ${samples} samples per pixel, which is invalid`);
  const bitsPerPixel = (bits[0] ?? 1) * samples;
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8);

  const tiled = ifd.t322 !== undefined;
  let segments: Segment[];
  if (tiled) {
    const tw = tagValue(ifd, 322) ?? 0;
    const th = tagValue(ifd, 323) ?? 0;
    if (!(tw > 0 && th > 0) || tw * th > MAX_TILE_PIXELS) throw corrupt(`TIFF tile size ${tw}x${th} is invalid`);
    const tiles = Math.ceil(width / tw) * Math.ceil(height / th);
    segments = table(ifd, 324, 325, tiles, 'tile').map(([offset, length]) => ({ offset, length, decodedBytes: th * rowBytes(tw), width: tw, rows: th }));
  } else {
    const rowsPerStrip = Math.min(tagValue(ifd, 278) ?? height, height);
    if (!(rowsPerStrip >= 1)) throw corrupt('TIFF declares zero rows per strip');
    const strips = Math.ceil(height / rowsPerStrip);
    const offsets = values(ifd, 273);
    // utif2 sizes a single uncompressed strip from the geometry, whatever its byte count says.
    const pairs: [number, number][] = compression === NONE && offsets.length === 1 ? [[offsets[0]!, height * rowBytes(width)]] : table(ifd, 273, 279, strips, 'strip');
    segments = pairs.map(([offset, length]) => ({ offset, length, decodedBytes: rowsPerStrip * rowBytes(width), width, rows: rowsPerStrip }));
  }
  let total = 0;
  segments.forEach((s, i) => {
    if (s.offset + s.length > bytes.length) throw corrupt(`TIFF is truncated: ${tiled ? 'tile' : 'strip'} ${i + 1} runs past the end of the file`);
    total += s.length;
  });
  // Strips that overlap would make a small file decode its bytes again and again.
  if (total > bytes.length) throw corrupt('TIFF strip table is invalid: its strips add up to more bytes than the file holds');
  for (const s of segments) checkSegment(bytes, s, compression);
  return { compression, tiled };
}

/** [offset, byteCount] of each strip or tile, at most `needed` of them. */
function table(ifd: Ifd, offsetsTag: number, countsTag: number, needed: number, what: string): [number, number][] {
  const offsets = values(ifd, offsetsTag);
  const counts = values(ifd, countsTag);
  if (offsets.length === 0) throw corrupt(`TIFF has no ${what} offsets: the pixel data cannot be found`);
  if (counts.length !== offsets.length) throw corrupt(`TIFF ${what} table is invalid: ${offsets.length} offsets but ${counts.length} byte counts`);
  if (offsets.length > needed) throw corrupt(`TIFF ${what} table is invalid: ${offsets.length} ${what}s where the image size needs ${needed}`);
  return offsets.map((offset, i) => [offset, counts[i]!]);
}

function checkSegment(bytes: Uint8Array, s: Segment, compression: number): void {
  if (compression === DEFLATE || compression === DEFLATE_OLD) {
    // utif2 inflates each strip whole (pako.inflateRaw of the zlib body): measure it first.
    const body = bytes.subarray(s.offset + 2, s.offset + Math.max(2, s.length - 4));
    const inflated = inflatedSizeWithin([body], s.decodedBytes, 'raw');
    if (!inflated.ok && inflated.reason === 'over-cap') {
      throw corrupt(`TIFF pixel data inflates to more than its declared size needs (${s.decodedBytes} bytes per strip): a decompression bomb or a damaged file`);
    }
  }
  if (compression === LZW && lzwDecodedLength(bytes.subarray(s.offset, s.offset + s.length), s.decodedBytes) > s.decodedBytes) {
    throw corrupt(`TIFF pixel data decompresses to more than its declared size needs (${s.decodedBytes} bytes per strip): a decompression bomb or a damaged file`);
  }
  if (compression === JPEG && bytes[s.offset] === 0xff && bytes[s.offset + 1] === 0xd8) {
    const strip = bytes.subarray(s.offset, s.offset + s.length);
    const { width, height } = readJpegSize(strip);
    const round = (n: number) => Math.ceil(n / 16) * 16;
    if (width > round(s.width) || height > round(s.rows)) throw corrupt(`TIFF JPEG strip declares ${width}x${height}, larger than the image layout allows`);
    try {
      checkJpegCost(strip, { width, height });
    } catch (error) {
      throw error instanceof IngestError ? corrupt(`TIFF pixel data: ${error.message}`) : error;
    }
  }
}

/** utif2 logs tile counts with console.log, which would land in the CLI's JSON on stdout. */
function quietly<T>(fn: () => T): T {
  const log = console.log;
  console.log = () => {};
  try {
    return fn();
  } finally {
    console.log = log;
  }
}

// utif2 (the maintained fork of UTIF.js) for compression; the directory is read by
// tiff-ifd.ts and checked here first. Samples are converted here so 16-bit and
// grayscale keep their values.
export function decodeTiff(bytes: Uint8Array): RgbaImage & { notes?: string[]; orientation?: number } {
  const { ifd, pages } = readFirstIfd(bytes);
  const { width, height } = readTiffSize(bytes);
  if (ifd.t262 === undefined) ifd.t262 = [1]; // BlackIsZero, the baseline default; utif2 reads it unguarded
  if (ifd.t258 === undefined) ifd.t258 = [1];
  const { tiled } = checkLayout(bytes, ifd);
  const image = ifd as UTIF.IFD;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    if (tiled) quietly(() => UTIF.decodeImage(buffer, image));
    else UTIF.decodeImage(buffer, image);
  } catch {
    throw corrupt('TIFF pixel data is damaged: its compressed strips cannot be decoded');
  }
  const { notes = [], ...pixels } = convert(image, width, height);
  if (pages > 1) notes.push(`multi-page TIFF: only the first of its ${pages >= 1024 ? 'many' : pages} pages is used`);
  const orientation = tagValue(ifd, 274);
  return { ...pixels, notes, ...(orientation ? { orientation } : {}) };
}

function convert(ifd: UTIF.IFD, width: number, height: number): RgbaImage & { notes?: string[] } {
  const bits = tagValue(ifd as Ifd, 258) ?? 1;
  const channels = tagValue(ifd as Ifd, 277) ?? 1;
  const photometric = tagValue(ifd as Ifd, 262) ?? 1;
  const data = ifd.data;
  if (!data) throw corrupt('TIFF pixel data is missing');
  if ((bits === 8 || bits === 16) && photometric !== 3 && (channels === 1 || channels >= 3)) {
    const need = width * height * channels * (bits / 8);
    if (data.length < need) throw corrupt('TIFF is truncated: pixel data is incomplete');
    let samples: ArrayLike<number> = data;
    if (bits === 16) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const s = new Uint16Array(width * height * channels);
      // utif2 has already turned big-endian (MM) samples little-endian.
      for (let i = 0; i < s.length; i++) s[i] = view.getUint16(i * 2, true);
      samples = s;
    }
    const rgba = toRgba8(width, height, samples, channels, bits);
    if (photometric === 0 && channels === 1) for (let i = 0; i < rgba.data.length; i += 4) {
      rgba.data[i] = rgba.data[i + 1] = rgba.data[i + 2] = 255 - rgba.data[i]!;
    }
    return rgba;
  }
  // Palette, bilevel and other layouts: utif2's own RGBA conversion.
  let rgba: Uint8Array;
  try {
    rgba = UTIF.toRGBA8(ifd);
  } catch {
    throw new IngestError('unsupported', `TIFF sample layout (${channels} x ${bits}-bit, photometric ${photometric}) is not supported`);
  }
  if (rgba.length < width * height * 4) throw new IngestError('unsupported', `TIFF sample layout (${channels} x ${bits}-bit, photometric ${photometric}) is not supported`);
  const out = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, width * height * 4).slice();
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return { width, height, data: out };
}

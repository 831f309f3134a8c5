// The pipeline worker's PNG decoder: fast-png's scanline arithmetic (the CLI's decoder,
// so the same pixels) over the platform's zlib, in one inflate whose output buffer is the
// image-data budget. It takes the plain PNGs cameras and tools write (8/16-bit grey, RGB,
// with or without alpha, gAMA/sRGB/iCCP/text chunks, which fast-png ignores too) and
// returns null for anything else or anything doubtful, which the reference path
// (checkPngBounds + fast-png) then decodes or names, exactly as the CLI does.
import { unzlibSync } from 'fflate';
import { crc32 } from './crc32';
import { inflatedSizeWithin } from './inflate-capped';
import { inflateExactly } from './inflate-stream';
import { expectedInflatedBytes, MAX_ICC_PROFILE_BYTES, type PngHeader } from './png-bounds';
import { unfilterInPlace } from './png-unfilter';
import { rgba8InPlace } from './rgba-in-place';
import { toRgba8 } from './to-rgba8';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
/** fast-png reads these and may refuse them or change the pixels (a palette): the reference path takes them. */
const REFERENCE_ONLY = new Set(['IHDR', 'PLTE', 'tRNS']);

export interface Layout { header: PngHeader; imageData: Uint8Array[] }

const keywordEnd = (data: Uint8Array) => {
  const end = data.indexOf(0);
  return end >= 1 && end <= 79 ? end : -1;
};

/** Whether fast-png reads this ancillary chunk without complaint (its own rules, PNG spec 11.3). */
function readsCleanly(type: string, data: Uint8Array): boolean {
  if (type === 'pHYs') return data.length === 9;
  if (type === 'tEXt') return keywordEnd(data) > 0;
  if (type !== 'iCCP') return true;
  const end = keywordEnd(data);
  if (end < 0 || end + 2 > data.length || data[end + 1] !== 0) return false;
  const profile = data.subarray(end + 2);
  // fast-png inflates the profile whole: only once it is known to be small.
  if (!inflatedSizeWithin([profile], MAX_ICC_PROFILE_BYTES, 'zlib').ok) return false;
  try {
    unzlibSync(profile);
    return true;
  } catch {
    return false;
  }
}

/** The header and image data of a PNG this decoder takes: every chunk whole, its CRC right, none it leaves to fast-png. */
export function plainLayout(bytes: Uint8Array): Layout | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: PngHeader | null = null;
  const imageData: Uint8Array[] = [];
  for (let at = 8; at + 12 <= bytes.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > bytes.length) return null;
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== view.getUint32(at + 8 + length)) return null;
    if (!header) {
      if (type !== 'IHDR' || length !== 13) return null;
      const [depth, colourType, compression, filter, interlace] = data.subarray(8);
      if ((depth !== 8 && depth !== 16) || !CHANNELS[colourType!] || compression || filter || interlace) return null;
      header = { width: view.getUint32(at + 8), height: view.getUint32(at + 12), depth, colourType: colourType!, interlaced: false };
    } else if (type === 'IEND') {
      return length === 0 && imageData.length ? { header, imageData } : null;
    } else if (type === 'IDAT') {
      imageData.push(data);
    } else if (REFERENCE_ONLY.has(type) || !readsCleanly(type, data)) {
      return null;
    }
    at += 12 + length;
  }
  return null;
}

/**
 * The decoded image, or null where the reference path must decide (see the file comment).
 * decodeImageFast checks the size and structure first; `maxMegapixels` keeps it safe alone.
 */
export async function decodePngFast(bytes: Uint8Array, maxMegapixels: number): Promise<ReturnType<typeof toRgba8> | null> {
  if (typeof DecompressionStream !== 'function') return null;
  const layout = plainLayout(bytes);
  if (!layout) return null;
  const { header } = layout;
  if (header.width * header.height > maxMegapixels * 1e6) return null;
  const { width, height, depth } = header;
  // 8-bit: room for the RGBA output in the same buffer (one allocation, not two).
  const capacity = depth === 8 ? width * height * 4 : 0;
  const inflated = await inflateExactly(layout.imageData, expectedInflatedBytes(header), capacity);
  if (!inflated.ok) return null;
  const channels = CHANNELS[header.colourType]!;
  const bpp = channels * (depth / 8);
  const samples = unfilterInPlace(inflated.bytes, height, width * bpp, bpp);
  if (!samples) return null;
  if (depth === 8) return { width, height, data: rgba8InPlace(inflated.bytes, width * height, channels), notes: [] };
  return toRgba8(width, height, bigEndian16(samples), channels, depth);
}

/** PNG stores 16-bit samples big-endian. */
function bigEndian16(bytes: Uint8Array): Uint16Array {
  const samples = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = (bytes[2 * i]! << 8) | bytes[2 * i + 1]!;
  return samples;
}

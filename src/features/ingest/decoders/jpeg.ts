import jpeg from 'jpeg-js';
import type { RgbaImage } from '../../../lib/types';
import { IngestError } from '../ingest-error';
import { readFirstIfd, tagValue } from './tiff-ifd';

/**
 * Largest JPEG decoded, below the general pixel limit: jpeg-js peaks near 30 bytes per
 * pixel (measured: 36 MP took the process to 1.16 GB), so 20 MP keeps a decode within
 * a 1 GB process. Micrographs are 0.3-5 MP.
 */
export const MAX_JPEG_MEGAPIXELS = 20;
/** jpeg-js's own allocation budget: a backstop behind the pixel limit (it counts ~1/3 of what it uses). */
export const JPEG_MEMORY_BUDGET_MB = 512;

const SOI = 0xd8, SOS = 0xda, EOI = 0xd9, APP1 = 0xe1;
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

interface Segment { marker: number; start: number; length: number }

/** Marker segments up to the first scan; each step moves forward, so a loop cannot form. */
function* headerSegments(bytes: Uint8Array): Generator<Segment> {
  let p = 2;
  while (p + 3 < bytes.length) {
    if (bytes[p] !== 0xff) throw new IngestError('corrupt', 'JPEG marker structure is corrupt');
    const marker = bytes[p + 1]!;
    if (marker === 0xff) { p++; continue; }
    if (marker === SOI || marker === EOI || marker === SOS) return;
    const length = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    if (length < 2) throw new IngestError('corrupt', 'JPEG marker structure is corrupt');
    yield { marker, start: p + 4, length: length - 2 };
    p += 2 + length;
  }
}

/** Reads width/height from the first SOF marker without decoding pixels. */
export function readJpegSize(bytes: Uint8Array): { width: number; height: number } {
  for (const s of headerSegments(bytes)) {
    if (isSof(s.marker) && s.start + 5 <= bytes.length) {
      const p = s.start;
      return { height: (bytes[p + 1]! << 8) | bytes[p + 2]!, width: (bytes[p + 3]! << 8) | bytes[p + 4]! };
    }
  }
  throw new IngestError('corrupt', 'JPEG is truncated before its frame header');
}

/** EXIF orientation (1-8) from an APP1 "Exif" segment; 1 when absent or unreadable (a broken EXIF never stops grading). */
export function readJpegOrientation(bytes: Uint8Array): number {
  try {
    for (const s of headerSegments(bytes)) {
      if (s.marker !== APP1 || s.length < 14) continue;
      const id = String.fromCharCode(...bytes.subarray(s.start, s.start + 6));
      if (id !== 'Exif\0\0') continue;
      const block = bytes.subarray(s.start + 6, Math.min(bytes.length, s.start + s.length));
      const orientation = tagValue(readFirstIfd(block, 'JPEG EXIF').ifd, 274);
      return orientation && orientation >= 1 && orientation <= 8 ? orientation : 1;
    }
  } catch {
    return 1;
  }
  return 1;
}

/**
 * Scans in the file and bytes of entropy-coded data. A progressive JPEG revisits every
 * block once per scan, so a few bytes per scan repeated thousands of times cost minutes.
 * Entropy-coded data never holds a marker (0xFF is stuffed with 0x00), so markers can
 * be found byte by byte.
 */
export function scanStats(bytes: Uint8Array): { scans: number; dataBytes: number } {
  let scans = 0;
  let dataBytes = 0;
  let p = 2;
  while (p + 3 < bytes.length) {
    if (bytes[p] !== 0xff) { p++; dataBytes++; continue; } // entropy-coded data between markers
    const marker = bytes[p + 1]!;
    if (marker === 0xff) { p++; continue; } // fill byte
    if (marker === 0x00 || (marker >= 0xd0 && marker <= 0xd7)) { p += 2; dataBytes++; continue; } // stuffed 0xFF, restart marker
    if (marker === EOI) break;
    const length = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    if (marker === SOS) scans++;
    p += 2 + Math.max(2, length); // segment payloads (EXIF thumbnails, ICC data) are skipped whole
  }
  return { scans, dataBytes };
}

/** Scans a JPEG may have (libjpeg's progressive scripts use up to 10). */
export const MAX_JPEG_SCANS = 64;
/** Scans x megapixels: the work a progressive decode does (10 scans of 40 MP fit). */
const MAX_SCAN_MEGAPIXELS = 500;

function hasEndOfImage(bytes: Uint8Array): boolean {
  // Cameras may append data after EOI; look for it in the tail.
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 65536); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/** One sentence per way jpeg-js can fail; its own wording never reaches the user. */
function jpegError(error: unknown, size: { width: number; height: number }): IngestError {
  const text = error instanceof Error ? error.message : String(error);
  if (/maxMemoryUsageInMB|allocate enough memory/.test(text)) {
    return new IngestError('too-large', `JPEG ${size.width}x${size.height} needs more than ${JPEG_MEMORY_BUDGET_MB} MB to decode, the limit for one image`);
  }
  if (/maxResolutionInMP/.test(text)) return new IngestError('too-large', `JPEG ${size.width}x${size.height} is over the pixel limit`);
  if (/color mode/i.test(text)) return new IngestError('unsupported', 'JPEG colour mode is not supported (CMYK or an unusual component count); save it as RGB or greyscale');
  if (/single frame/.test(text)) return new IngestError('unsupported', 'JPEG with several frames is not supported');
  return new IngestError('corrupt', 'JPEG is corrupt: its compressed data cannot be decoded');
}

/**
 * Refuses a JPEG whose scans would cost far more than its size: many scans (a
 * progressive JPEG revisits every block per scan) or too few bytes for its blocks
 * (jpeg-js would decode the declared size from nothing). TIFF's JPEG strips too.
 */
export function checkJpegCost(bytes: Uint8Array, size: { width: number; height: number }): void {
  const megapixels = (size.width * size.height) / 1e6;
  const { scans, dataBytes } = scanStats(bytes);
  if (scans > MAX_JPEG_SCANS || scans * megapixels > MAX_SCAN_MEGAPIXELS) {
    throw new IngestError('corrupt', `JPEG has ${scans} scans for a ${size.width}x${size.height} image, more than a camera writes: refused as too costly to decode`);
  }
  // Every 8x8 luminance block costs at least one bit: fewer bytes cannot be a whole
  // image, and jpeg-js would otherwise decode the declared size from nothing.
  if (dataBytes < (size.width * size.height) / 512) {
    throw new IngestError('corrupt', `JPEG holds ${dataBytes} bytes of image data, too few for its declared ${size.width}x${size.height}: the file is truncated or damaged`);
  }
}

// jpeg-js rather than the browser's decoder: the Node CLI and the browser must
// produce the same pixels (browser IDCTs and colour management differ).
export function decodeJpeg(bytes: Uint8Array, maxMegapixels: number): RgbaImage & { orientation?: number } {
  if (!hasEndOfImage(bytes)) throw new IngestError('corrupt', 'JPEG is truncated (no end-of-image marker): the file was cut short');
  const size = readJpegSize(bytes);
  const sofMarkers = [...headerSegments(bytes)].filter((s) => isSof(s.marker)).map((s) => s.marker);
  if (sofMarkers.some((m) => m === 0xc3 || m >= 0xc5)) {
    throw new IngestError('unsupported', 'lossless, hierarchical or arithmetic-coded JPEG is not supported; save it as a standard JPEG');
  }
  const megapixels = (size.width * size.height) / 1e6;
  const limit = Math.min(maxMegapixels, MAX_JPEG_MEGAPIXELS);
  if (megapixels > limit) {
    throw new IngestError(
      'too-large',
      `JPEG too large to decode safely: ${size.width}x${size.height} is ${megapixels.toFixed(1)} megapixels, the limit for JPEG is ${limit} megapixels`,
    );
  }
  checkJpegCost(bytes, size);
  let decoded;
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: limit,
      maxMemoryUsageInMB: JPEG_MEMORY_BUDGET_MB,
    });
  } catch (error) {
    throw jpegError(error, size);
  }
  const orientation = readJpegOrientation(bytes);
  return { width: decoded.width, height: decoded.height, data: new Uint8ClampedArray(decoded.data.buffer), ...(orientation !== 1 ? { orientation } : {}) };
}

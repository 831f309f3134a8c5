import jpeg from 'jpeg-js';
import type { RgbaImage } from '../../../lib/types';
import { IngestError } from '../ingest-error';

/** Reads width/height from the first SOF marker without decoding pixels. */
export function readJpegSize(bytes: Uint8Array): { width: number; height: number } {
  let p = 2;
  while (p + 9 < bytes.length) {
    if (bytes[p] !== 0xff) throw new IngestError('corrupt', 'JPEG marker structure is corrupt');
    const marker = bytes[p + 1];
    if (marker === 0xff) { p++; continue; }
    const length = (bytes[p + 2] << 8) | bytes[p + 3];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: (bytes[p + 5] << 8) | bytes[p + 6], width: (bytes[p + 7] << 8) | bytes[p + 8] };
    p += 2 + length;
  }
  throw new IngestError('corrupt', 'JPEG is truncated before its frame header');
}

function hasEndOfImage(bytes: Uint8Array): boolean {
  // Cameras may append data after EOI; look for it in the tail.
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 65536); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

// jpeg-js rather than the browser's decoder: the Node CLI and the browser must
// produce the same pixels (browser IDCTs and colour management differ).
export function decodeJpeg(bytes: Uint8Array, maxMegapixels: number): RgbaImage {
  if (!hasEndOfImage(bytes)) throw new IngestError('corrupt', 'JPEG is truncated (no end-of-image marker): the file was cut short');
  try {
    const decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: false,
      maxResolutionInMP: maxMegapixels,
      maxMemoryUsageInMB: 2048,
    });
    return { width: decoded.width, height: decoded.height, data: new Uint8ClampedArray(decoded.data.buffer) };
  } catch (error) {
    throw new IngestError('corrupt', `JPEG is corrupt: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// Structural checks a PNG must pass before any decoder (fast-png or the browser's
// own) sees it: every chunk inside the file, and the image data inflating to no
// more than the IHDR geometry needs. The declared size alone does not bound memory:
// a 64x64 PNG can carry an IDAT that inflates to gigabytes.
import { IngestError } from '../ingest-error';
import { inflatedSizeWithin } from './inflate-capped';

const SIGNATURE_LENGTH = 8;
/** An embedded ICC profile larger than this is not a colour profile. */
export const MAX_ICC_PROFILE_BYTES = 4 * 1024 * 1024;

const CHANNELS_BY_COLOUR_TYPE: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const DEPTHS_BY_COLOUR_TYPE: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16],
};

/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7: [number, number, number, number][] = [
  [0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2],
];

export interface PngHeader {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  interlaced: boolean;
}

/** Bytes of filtered scanlines the image data must inflate to: one filter byte per row. */
export function expectedInflatedBytes(h: PngHeader): number {
  const bitsPerPixel = CHANNELS_BY_COLOUR_TYPE[h.colourType]! * h.depth;
  const rows = (width: number, height: number) => (width > 0 && height > 0 ? height * (1 + Math.ceil((width * bitsPerPixel) / 8)) : 0);
  if (!h.interlaced) return rows(h.width, h.height);
  return ADAM7.reduce(
    (sum, [x0, y0, dx, dy]) => sum + rows(Math.ceil((h.width - x0) / dx), Math.ceil((h.height - y0) / dy)),
    0,
  );
}

interface Chunk { type: string; data: Uint8Array }

function* chunks(bytes: Uint8Array): Generator<Chunk> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = SIGNATURE_LENGTH;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length) {
      throw new IngestError('corrupt', `PNG is truncated: its ${type.replace(/[^\x20-\x7e]/g, '?')} chunk runs past the end of the file`);
    }
    yield { type, data: bytes.subarray(offset + 8, offset + 8 + length) };
    if (type === 'IEND') return;
    offset += 12 + length;
  }
  throw new IngestError('corrupt', 'PNG is truncated: the file ends before its end marker');
}

function readHeader(chunk: Chunk | undefined): PngHeader {
  if (!chunk || chunk.type !== 'IHDR' || chunk.data.length < 13) throw new IngestError('corrupt', 'PNG header chunk (IHDR) is missing or damaged');
  const view = new DataView(chunk.data.buffer, chunk.data.byteOffset, chunk.data.byteLength);
  const header = { width: view.getUint32(0), height: view.getUint32(4), depth: chunk.data[8]!, colourType: chunk.data[9]!, interlaced: chunk.data[12] === 1 };
  if (!DEPTHS_BY_COLOUR_TYPE[header.colourType]?.includes(header.depth)) {
    throw new IngestError('corrupt', `PNG header is invalid: colour type ${header.colourType} with ${header.depth}-bit samples does not exist`);
  }
  return header;
}

/**
 * Throws an IngestError when the PNG's chunks, header or colour profile are not what the
 * file declares: every check but the image data's inflated size, which the caller must
 * hold to expectedInflatedBytes (checkPngBounds, or a decoder that inflates into a buffer
 * of that size and stops when it is full).
 */
export function checkPngStructure(bytes: Uint8Array): { header: PngHeader; imageData: Uint8Array[] } {
  const all = chunks(bytes);
  const header = readHeader(all.next().value as Chunk | undefined);
  const imageData: Uint8Array[] = [];
  for (const chunk of all) {
    if (chunk.type === 'IDAT') imageData.push(chunk.data);
    if (chunk.type === 'iCCP') checkIccProfile(chunk.data);
  }
  if (imageData.length === 0) throw new IngestError('corrupt', 'PNG has no image data (no IDAT chunk)');
  return { header, imageData };
}

/** Throws an IngestError when the PNG's chunks or compressed streams exceed what the file declares. */
export function checkPngBounds(bytes: Uint8Array): PngHeader {
  const { header, imageData } = checkPngStructure(bytes);
  const expected = expectedInflatedBytes(header);
  // A corrupt stream is left to the decoder, which names the damage; only the size is judged here.
  const inflated = inflatedSizeWithin(imageData, expected, 'zlib');
  if (!inflated.ok && inflated.reason === 'over-cap') {
    throw new IngestError(
      'corrupt',
      `PNG image data inflates to more than its declared ${header.width}x${header.height} needs (${expected} bytes): a decompression bomb or a damaged file`,
    );
  }
  return header;
}

function checkIccProfile(data: Uint8Array): void {
  const nameEnd = data.indexOf(0);
  if (nameEnd < 0) return;
  const result = inflatedSizeWithin([data.subarray(nameEnd + 2)], MAX_ICC_PROFILE_BYTES, 'zlib');
  if (!result.ok && result.reason === 'over-cap') {
    throw new IngestError('corrupt', 'PNG colour profile (iCCP) inflates to more than 4 MB: a decompression bomb or a damaged file');
  }
}

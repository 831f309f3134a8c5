import type { RgbaImage } from '../../lib/types';
import { decodeBmp, readBmpHeader } from './decoders/bmp';
import { decodeJpeg, readJpegSize } from './decoders/jpeg';
import { decodePng, readPngSize } from './decoders/png';
import { checkPngBounds, checkPngStructure } from './decoders/png-bounds';
import { decodePngFast } from './decoders/png-fast';
import { decodePngNative } from './decoders/png-native';
import { decodeTiff, readTiffSize } from './decoders/tiff';
import { IngestError } from './ingest-error';
import { applyOrientation, orientationNote } from './orientation';
import { sniffFormat, type ImageFormat } from './sniff';

/** Largest image accepted, in megapixels: ~160 MB of RGBA, a safe worker budget. */
export const MAX_MEGAPIXELS = 40;

export interface DecodedImage extends RgbaImage {
  format: ImageFormat;
  /** Notes the user should see but that do not stop grading (e.g. 16-bit scaled, EXIF rotation). */
  notes: string[];
}

type Decoded = RgbaImage & { notes?: string[]; orientation?: number };
type StructureChecks = Partial<Record<ImageFormat, (bytes: Uint8Array) => void>>;

const sizeReaders: Record<ImageFormat, (bytes: Uint8Array) => { width: number; height: number }> = {
  jpeg: readJpegSize,
  png: readPngSize,
  bmp: (bytes) => readBmpHeader(bytes),
  tiff: readTiffSize,
};

/**
 * Checks that need the whole file but no pixel buffer, run before any decoder: the
 * budgets the declared size alone does not give.
 */
const structureChecks: StructureChecks = {
  png: checkPngBounds,
};

/** The same, but the PNG image-data budget is left to decodePngFast's output buffer. */
const streamedStructureChecks: StructureChecks = {
  png: checkPngStructure,
};

const decoders: Record<ImageFormat, (bytes: Uint8Array, maxMegapixels: number) => Decoded> = {
  jpeg: decodeJpeg,
  png: decodePng,
  bmp: decodeBmp,
  tiff: decodeTiff,
};

/** Checks the header first so a huge image is refused before any pixel is decoded. */
export function decodeImage(bytes: Uint8Array, maxMegapixels = MAX_MEGAPIXELS): DecodedImage {
  const format = checkedFormat(bytes, maxMegapixels);
  return upright(decoders[format](bytes, maxMegapixels), format);
}

/**
 * decodeImage with PNG decoded by the browser's own decoder (decodePngNative: where a
 * WebCodecs ImageDecoder exists, the stream's size still checked by the platform's zlib),
 * else by decodePngFast (the platform's zlib under fast-png's arithmetic, one inflate
 * whose buffer is the budget): the workers' path, several times faster in Chromium. A
 * PNG they decline, or find damaged or over budget, takes the reference path, checks
 * included, and is decoded or named exactly as the CLI does.
 */
export async function decodeImageFast(bytes: Uint8Array, maxMegapixels = MAX_MEGAPIXELS): Promise<DecodedImage> {
  const format = checkedFormat(bytes, maxMegapixels, streamedStructureChecks);
  if (format === 'png') {
    const image = (await decodePngNative(bytes, maxMegapixels)) ?? (await decodePngFast(bytes, maxMegapixels));
    return image ? upright(image, format) : decodeImage(bytes, maxMegapixels);
  }
  return upright(decoders[format](bytes, maxMegapixels), format);
}

/** Applies EXIF orientation (JPEG, TIFF) so every host sees the upright image, and says so. */
function upright({ notes = [], orientation = 1, ...image }: Decoded, format: ImageFormat): DecodedImage {
  const note = orientationNote(orientation);
  if (!note) return { ...image, format, notes };
  return { ...applyOrientation(image, orientation), format, notes: [...notes, note] };
}

/** The format, once the file is known to be a supported image of an acceptable size and structure. */
function checkedFormat(bytes: Uint8Array, maxMegapixels: number, checks = structureChecks): ImageFormat {
  if (bytes.length === 0) throw new IngestError('empty', 'empty file (0 bytes)');
  const sniffed = sniffFormat(bytes);
  if (sniffed.kind === 'not-image') {
    throw new IngestError('not-image', 'not an image: the content is not JPEG, PNG, BMP or TIFF (whatever its extension says)');
  }
  if (sniffed.kind === 'unsupported-image') {
    throw new IngestError('unsupported', `${sniffed.format} images are not supported; use JPEG, PNG, BMP or TIFF`);
  }
  const { format } = sniffed;
  const { width, height } = sizeReaders[format](bytes);
  if (!(width > 0 && height > 0)) throw new IngestError('corrupt', `${format.toUpperCase()} header gives an invalid size ${width}x${height}`);
  const megapixels = (width * height) / 1e6;
  if (megapixels > maxMegapixels) {
    throw new IngestError(
      'too-large',
      `image too large: ${width}x${height} is ${megapixels.toFixed(1)} megapixels, the limit is ${maxMegapixels} megapixels`,
    );
  }
  checks[format]?.(bytes);
  return format;
}

// Hand-written BMP decoder. Why not a package: the npm BMP decoders (bmp-js,
// unmaintained since 2016) mishandle 8-bit palettes and keep the 32-bit alpha
// byte, which microscope software writes as 0, so the embryo comes out
// transparent. Here every output pixel is opaque: micrographs carry no alpha.
import type { RgbaImage } from '../../../lib/types';
import { IngestError } from '../ingest-error';

interface BmpHeader {
  pixelOffset: number;
  headerSize: number;
  width: number;
  height: number;
  topDown: boolean;
  bitCount: number;
  compression: number;
  paletteSize: number;
  masks: [number, number, number] | null;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

export function readBmpHeader(bytes: Uint8Array): BmpHeader {
  if (bytes.length < 26) throw new IngestError('corrupt', 'BMP header is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const headerSize = view.getUint32(14, true);
  if (headerSize === 12) {
    return {
      pixelOffset, headerSize, width: view.getUint16(18, true), height: view.getUint16(20, true),
      topDown: false, bitCount: view.getUint16(24, true), compression: BI_RGB, paletteSize: 0, masks: null,
    };
  }
  if (headerSize < 40 || bytes.length < 14 + 40) throw new IngestError('corrupt', `BMP info header of unknown size ${headerSize}`);
  const rawHeight = view.getInt32(22, true);
  const compression = view.getUint32(30, true);
  let masks: BmpHeader['masks'] = null;
  if (compression === BI_BITFIELDS || compression === BI_ALPHABITFIELDS) {
    if (bytes.length < 66) throw new IngestError('corrupt', 'BMP header is truncated before its colour masks');
    masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)];
  }
  return {
    pixelOffset, headerSize, width: view.getInt32(18, true), height: Math.abs(rawHeight), topDown: rawHeight < 0,
    bitCount: view.getUint16(28, true), compression, paletteSize: view.getUint32(46, true), masks,
  };
}

function maskShift(mask: number): { shift: number; max: number } {
  if (mask === 0) return { shift: 0, max: 1 };
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  return { shift, max: mask >>> shift };
}

export function decodeBmp(bytes: Uint8Array): RgbaImage {
  const h = readBmpHeader(bytes);
  const { width, height, bitCount } = h;
  if (width <= 0 || height <= 0) throw new IngestError('corrupt', `BMP has invalid size ${width}x${height}`);
  if (h.compression !== BI_RGB && !(h.masks && (bitCount === 16 || bitCount === 32))) {
    throw new IngestError('unsupported', `compressed BMP (compression ${h.compression}) is not supported; save it uncompressed`);
  }
  if (![1, 4, 8, 16, 24, 32].includes(bitCount)) throw new IngestError('corrupt', `BMP bit depth ${bitCount} is invalid`);
  const rowStride = Math.ceil((width * bitCount) / 32) * 4;
  if (h.pixelOffset + rowStride * height > bytes.length) {
    throw new IngestError('corrupt', `BMP is truncated: ${bytes.length} bytes, pixel data needs ${h.pixelOffset + rowStride * height}`);
  }
  const palette = bitCount <= 8 ? readPalette(bytes, h) : null;
  const masks = h.masks ?? (bitCount === 16 ? [0x7c00, 0x03e0, 0x001f] : null);
  const channels = masks?.map(maskShift);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Uint8ClampedArray(width * height * 4);

  for (let y = 0; y < height; y++) {
    const row = h.pixelOffset + (h.topDown ? y : height - 1 - y) * rowStride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let r: number, g: number, b: number;
      if (palette) {
        const bitPos = x * bitCount;
        const byte = bytes[row + (bitPos >> 3)];
        const index = bitCount === 8 ? byte : (byte >> (8 - bitCount - (bitPos & 7))) & ((1 << bitCount) - 1);
        const p = Math.min(index, palette.length / 3 - 1) * 3;
        r = palette[p]; g = palette[p + 1]; b = palette[p + 2];
      } else if (bitCount === 24 || (bitCount === 32 && !h.masks)) {
        const p = row + x * (bitCount / 8);
        b = bytes[p]; g = bytes[p + 1]; r = bytes[p + 2];
      } else {
        const value = bitCount === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        const [cr, cg, cb] = channels!.map((c, i) => Math.round((((value & masks![i]) >>> c.shift) * 255) / c.max));
        r = cr; g = cg; b = cb;
      }
      out[o] = r; out[o + 1] = g; out[o + 2] = b; out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/** The palette, bounded by the bit depth (2^bits colours at most) and by the file: never a declared count. */
function readPalette(bytes: Uint8Array, h: BmpHeader): Uint8Array {
  const entrySize = h.headerSize === 12 ? 3 : 4;
  const maxColours = 1 << h.bitCount;
  if (h.paletteSize > maxColours) {
    throw new IngestError('corrupt', `BMP declares ${h.paletteSize} palette colours; at ${h.bitCount} bits per pixel it can have at most ${maxColours}`);
  }
  const count = h.paletteSize || maxColours;
  const start = 14 + h.headerSize + (h.masks && h.headerSize === 40 ? 12 : 0);
  if (start + count * entrySize > bytes.length) throw new IngestError('corrupt', 'BMP palette is truncated: it runs past the end of the file');
  const palette = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    const p = start + i * entrySize;
    palette[i * 3] = bytes[p + 2];
    palette[i * 3 + 1] = bytes[p + 1];
    palette[i * 3 + 2] = bytes[p];
  }
  return palette;
}

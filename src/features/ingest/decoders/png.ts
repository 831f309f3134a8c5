import { decode } from 'fast-png';
import type { RgbaImage } from '../../../lib/types';
import { IngestError } from '../ingest-error';
import { toRgba8 } from './to-rgba8';

export function readPngSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length < 24) throw new IngestError('corrupt', 'PNG header is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export function decodePng(bytes: Uint8Array): RgbaImage & { notes?: string[] } {
  let png;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (error) {
    // fast-png's own wording never reaches the user.
    const text = error instanceof Error ? error.message : String(error);
    if (/crc/i.test(text)) throw new IngestError('corrupt', 'PNG is damaged: a chunk checksum (CRC) does not match its data');
    throw new IngestError('corrupt', 'PNG is corrupt or truncated: its image data cannot be decoded');
  }
  const expected = png.width * png.height * png.channels;
  if (png.data.length < expected) throw new IngestError('corrupt', 'PNG is truncated: pixel data is incomplete');
  if (png.palette) {
    const palette = png.palette;
    const indices = png.data;
    const out = new Uint8ClampedArray(png.width * png.height * 4);
    for (let i = 0; i < png.width * png.height; i++) {
      const entry = palette[Math.min(indices[i], palette.length - 1)];
      out[i * 4] = entry[0]; out[i * 4 + 1] = entry[1]; out[i * 4 + 2] = entry[2]; out[i * 4 + 3] = 255;
    }
    return { width: png.width, height: png.height, data: out };
  }
  return toRgba8(png.width, png.height, png.data, png.channels, png.depth);
}

import UTIF from 'utif2';
import type { RgbaImage } from '../../../lib/types';
import { IngestError } from '../ingest-error';
import { toRgba8 } from './to-rgba8';

type Ifd = UTIF.IFD;

function firstImage(bytes: Uint8Array): Ifd {
  let ifds: Ifd[];
  try {
    ifds = UTIF.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new IngestError('corrupt', `TIFF is corrupt: ${error instanceof Error ? error.message : String(error)}`);
  }
  const ifd = ifds.find((d) => d.t256 && d.t257);
  if (!ifd) throw new IngestError('corrupt', 'TIFF has no image');
  return ifd;
}

const tag = (ifd: Ifd, id: number): number[] | undefined => ifd[`t${id}`] as number[] | undefined;

export function readTiffSize(bytes: Uint8Array): { width: number; height: number } {
  const ifd = firstImage(bytes);
  return { width: tag(ifd, 256)![0], height: tag(ifd, 257)![0] };
}

// utif2 (the maintained fork of UTIF.js) for the container and compression;
// we convert samples ourselves so 16-bit and grayscale keep their values.
export function decodeTiff(bytes: Uint8Array): RgbaImage & { notes?: string[] } {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const ifd = firstImage(bytes);
  try {
    UTIF.decodeImage(buffer, ifd);
  } catch (error) {
    throw new IngestError('corrupt', `TIFF pixel data is corrupt: ${error instanceof Error ? error.message : String(error)}`);
  }
  const width = ifd.width ?? tag(ifd, 256)![0];
  const height = ifd.height ?? tag(ifd, 257)![0];
  const bits = tag(ifd, 258)?.[0] ?? 1;
  const channels = tag(ifd, 277)?.[0] ?? 1;
  const photometric = tag(ifd, 262)?.[0] ?? 1;
  const data = ifd.data;
  if (!data) throw new IngestError('corrupt', 'TIFF pixel data is missing');
  if ((bits === 8 || bits === 16) && photometric !== 3 && (channels === 1 || channels >= 3)) {
    const bigEndian = bytes[0] === 0x4d;
    const need = width * height * channels * (bits / 8);
    if (data.length < need) throw new IngestError('corrupt', 'TIFF is truncated: pixel data is incomplete');
    let samples: ArrayLike<number> = data;
    if (bits === 16) {
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      const s = new Uint16Array(width * height * channels);
      for (let i = 0; i < s.length; i++) s[i] = view.getUint16(i * 2, !bigEndian);
      samples = s;
    }
    const rgba = toRgba8(width, height, samples, channels, bits);
    if (photometric === 0 && channels === 1) for (let i = 0; i < rgba.data.length; i += 4) {
      rgba.data[i] = rgba.data[i + 1] = rgba.data[i + 2] = 255 - rgba.data[i];
    }
    return rgba;
  }
  // Palette, bilevel and other layouts: utif2's own RGBA conversion.
  const rgba = UTIF.toRGBA8(ifd);
  const out = new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength).slice();
  for (let i = 3; i < out.length; i += 4) out[i] = 255;
  return { width, height, data: out };
}

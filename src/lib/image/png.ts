import { encode } from 'fast-png';
import type { RgbaImage } from '../types';

/** Encodes RGBA pixels as an 8-bit RGBA PNG (same bytes in Node and the browser). */
export function encodePngRgba(image: RgbaImage): Uint8Array {
  return encode({
    width: image.width,
    height: image.height,
    data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength),
    channels: 4,
    depth: 8,
  });
}

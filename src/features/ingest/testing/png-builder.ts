// Builds PNG files chunk by chunk, including ones no encoder would write (tests only).
import { deflateRawSync, constants } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One chunk: length, type, data, CRC (or `crc` when a wrong one is wanted). */
export function pngChunk(type: string, data: Uint8Array, options: { crc?: number; length?: number } = {}): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, options.length ?? data.length);
  out.set([...type].map((c) => c.charCodeAt(0)), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, options.crc ?? crc32(out.subarray(4, 8 + data.length)));
  return out;
}

export function ihdr(width: number, height: number, depth: number, colourType: number, interlace = 0): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  data.set([depth, colourType, 0, 0, interlace], 8);
  return pngChunk('IHDR', data);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function png(...chunks: Uint8Array[]): Uint8Array {
  return concat([PNG_SIGNATURE, ...chunks, pngChunk('IEND', new Uint8Array())]);
}

/**
 * A zlib stream of `megabytes` MiB of zeros, built without ever holding them: one MiB
 * deflated as a byte-aligned, non-final block (sync flush) is repeated, then a final
 * empty block and the Adler-32 of the whole. Deflate reaches ~1000:1 on zeros.
 */
export function zlibOfZeros(megabytes: number): Uint8Array {
  const mib = 1 << 20;
  const block = new Uint8Array(deflateRawSync(new Uint8Array(mib), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }));
  const total = megabytes * mib;
  const adler = (((total % 65521) << 16) | 1) >>> 0; // a = 1 + sum(0) = 1, b = n * a
  const tail = new Uint8Array([0x03, 0x00, 0, 0, 0, 0]); // final fixed-Huffman block holding only end-of-block
  new DataView(tail.buffer).setUint32(2, adler);
  return concat([new Uint8Array([0x78, 0xda]), ...Array.from({ length: megabytes }, () => block), tail]);
}

/** zlib stream of `bytes` exactly (small inputs). */
export function zlibOf(bytes: Uint8Array): Uint8Array {
  const raw = new Uint8Array(deflateRawSync(bytes));
  let a = 1, b = 0;
  for (const x of bytes) { a = (a + x) % 65521; b = (b + a) % 65521; }
  const tail = new Uint8Array(4);
  new DataView(tail.buffer).setUint32(0, ((b << 16) | a) >>> 0);
  return concat([new Uint8Array([0x78, 0xda]), raw, tail]);
}

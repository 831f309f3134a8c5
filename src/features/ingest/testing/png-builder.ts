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

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/**
 * Scanlines as an encoder writes them: each row led by its filter type (PNG spec 9.2;
 * 0 none, 1 sub, 2 up, 3 average, 4 Paeth), `filterOf(y)` choosing, predictors computed
 * from the spec. fast-png's own encoder only ever writes type 0.
 */
export function filteredScanlines(rows: Uint8Array[], bytesPerPixel: number, filterOf: (y: number) => number): Uint8Array {
  const stride = rows[0]?.length ?? 0;
  const out = new Uint8Array(rows.length * (stride + 1));
  rows.forEach((row, y) => {
    const prev = rows[y - 1];
    const type = filterOf(y);
    out[y * (stride + 1)] = type;
    for (let i = 0; i < stride; i++) {
      const a = i >= bytesPerPixel ? row[i - bytesPerPixel]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= bytesPerPixel ? prev[i - bytesPerPixel]! : 0;
      const predicted = [0, a, b, (a + b) >> 1, paeth(a, b, c)][type] ?? 0;
      out[y * (stride + 1) + 1 + i] = (row[i]! - predicted) & 0xff;
    }
  });
  return out;
}

export interface FilteredPngOptions {
  width: number;
  height: number;
  /** 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  depth: 8 | 16;
  sample: (x: number, y: number, c: number) => number;
  filterOf: (y: number) => number;
  /** Chunks between IHDR and the image data (gAMA, sRGB, iCCP, tEXt, ...). */
  before?: Uint8Array[];
  /** The image data split over this many IDAT chunks. */
  idatChunks?: number;
}

/** A non-interlaced PNG with filtered scanlines, as libpng-based encoders write them. */
export function filteredPng(o: FilteredPngOptions): Uint8Array {
  const bytesPerSample = o.depth / 8;
  const rows = Array.from({ length: o.height }, (_, y) => {
    const row = new Uint8Array(o.width * o.channels * bytesPerSample);
    for (let x = 0; x < o.width; x++) {
      for (let c = 0; c < o.channels; c++) {
        const v = o.sample(x, y, c);
        const at = (x * o.channels + c) * bytesPerSample;
        if (o.depth === 8) row[at] = v;
        else { row[at] = v >> 8; row[at + 1] = v & 0xff; }
      }
    }
    return row;
  });
  const stream = zlibOf(filteredScanlines(rows, o.channels * bytesPerSample, o.filterOf));
  const parts = o.idatChunks ?? 1;
  const step = Math.ceil(stream.length / parts);
  const idat = Array.from({ length: parts }, (_, i) => pngChunk('IDAT', stream.subarray(i * step, (i + 1) * step)));
  const colourType = { 1: 0, 2: 4, 3: 2, 4: 6 }[o.channels];
  return png(ihdr(o.width, o.height, o.depth, colourType), ...(o.before ?? []), ...idat);
}

/** The same file with every chunk's CRC made right again (after its data was edited). */
export function withCrcsFixed(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let at = 8; at + 12 <= out.length; ) {
    const length = view.getUint32(at);
    if (at + 12 + length > out.length) break;
    view.setUint32(at + 8 + length, crc32(out.subarray(at + 4, at + 8 + length)));
    at += 12 + length;
  }
  return out;
}

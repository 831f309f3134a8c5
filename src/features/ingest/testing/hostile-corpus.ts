// Files a hostile or careless user could drop, generated here so none is checked in.
// Every one must end quickly with its own message (or decode, where `expect` is 'ok'),
// within the decoding budgets, in the browser worker and the CLI alike.
import jpeg from 'jpeg-js';
import { encode as encodePng } from 'fast-png';
import type { IngestErrorCode } from '../ingest-error';
import { makeBmp } from '../../../lib/testing/image-files';
import { concat, ihdr, png, pngChunk, zlibOf, zlibOfZeros } from './png-builder';
import { buildTiff, greyEntries, greyTiff, IFD_ITSELF, lzwOfZeros, PIXELS, type TiffEntry } from './tiff-builder';

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
  /** The IngestError code decoding must end with, or 'ok' where the file is a valid image. */
  expect: IngestErrorCode | 'ok';
  why: string;
}

const text = (s: string) => new TextEncoder().encode(s);
const gradient = (x: number, y: number) => (x * 16 + y * 8) & 0xff;

function withView(bytes: Uint8Array, edit: (view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer));
  return copy;
}

/** Bytes of a JPEG with `exif` (a TIFF block) spliced in as an APP1 segment after SOI. */
export function withExif(jpegBytes: Uint8Array, exif: Uint8Array): Uint8Array {
  const header = text('Exif\0\0');
  const length = 2 + header.length + exif.length;
  return concat([jpegBytes.subarray(0, 2), new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff]), header, exif, jpegBytes.subarray(2)]);
}

/** An EXIF block holding only an orientation tag. */
export function exifOrientation(orientation: number): Uint8Array {
  return buildTiff({ entries: [{ tag: 274, type: 3, values: [orientation] }], pixels: new Uint8Array() });
}

/** jpeg-js spends ~250 ms setting up each encode: one encode per size, copies handed out. */
const jpegCache = new Map<string, Uint8Array>();

export function smallJpeg(width = 16, height = 16): Uint8Array {
  const key = `${width}x${height}`;
  if (!jpegCache.has(key)) {
    const data = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) data.set([gradient(i % width, Math.floor(i / width)), 90, 160, 255], i * 4);
    jpegCache.set(key, new Uint8Array(jpeg.encode({ width, height, data }, 90).data));
  }
  return jpegCache.get(key)!.slice();
}

/** Offset of the first SOF0 segment's marker. */
function sofOffset(bytes: Uint8Array): number {
  for (let i = 2; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xc0) return i;
  throw new Error('no SOF0');
}

function jpegWithSize(width: number, height: number): Uint8Array {
  const at = sofOffset(smallJpeg());
  return withView(smallJpeg(), (v) => { v.setUint16(at + 5, height); v.setUint16(at + 7, width); });
}

/** A declared size with filler bytes enough to pass the data-size check. */
function jpegPadded(width: number, height: number): Uint8Array {
  const sized = jpegWithSize(width, height);
  return concat([sized.subarray(0, sized.length - 2), new Uint8Array(Math.ceil((width * height) / 400)).fill(0x55), new Uint8Array([0xff, 0xd9])]);
}

/** A progressive JPEG header followed by `scans` scans of one byte each. */
function jpegManyScans(scans: number): Uint8Array {
  const base = smallJpeg(64, 64);
  const sof = sofOffset(base);
  const sos = base.findIndex((b, i) => b === 0xff && base[i + 1] === 0xda);
  const header = base.slice(0, sos);
  header[sof + 1] = 0xc2;
  const scanHeader = new Uint8Array([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 0]); // one component, DC first scan
  return concat([header, ...Array.from({ length: scans }, () => concat([scanHeader, new Uint8Array([0x00])])), new Uint8Array([0xff, 0xd9])]);
}

function pngCases(): HostileFile[] {
  const valid = encodePng({ width: 8, height: 8, data: Uint8Array.from({ length: 64 * 3 }, (_, i) => i), channels: 3, depth: 8 });
  const scanlines = (height: number, bytesPerRow: number) => new Uint8Array(height * (1 + bytesPerRow));
  return [
    {
      name: 'png-bomb-1.5GB.png',
      bytes: png(ihdr(64, 64, 16, 0), pngChunk('IDAT', zlibOfZeros(1536))),
      expect: 'corrupt',
      why: '64x64 16-bit grey whose one IDAT inflates to 1.5 GiB: the declared size alone does not bound memory',
    },
    {
      name: 'png-idat-longer-than-ihdr.png',
      bytes: png(ihdr(8, 8, 8, 0), pngChunk('IDAT', zlibOf(scanlines(64, 8)))),
      expect: 'corrupt',
      why: 'image data for 64 rows in an 8-row image: more than the IHDR needs, if only a little',
    },
    {
      name: 'png-iccp-bomb.png',
      bytes: png(ihdr(8, 8, 8, 0), pngChunk('iCCP', concat([text('icc\0\0'), zlibOfZeros(64)])), pngChunk('IDAT', zlibOf(scanlines(8, 8)))),
      expect: 'corrupt',
      why: 'an embedded colour profile that inflates to 64 MiB (fast-png would inflate it whole)',
    },
    { name: 'png-huge-declared.png', bytes: png(ihdr(100000, 100000, 8, 2), pngChunk('IDAT', zlibOf(new Uint8Array(10)))), expect: 'too-large', why: '10 gigapixels declared, 50 bytes of data' },
    { name: 'png-zero-size.png', bytes: png(ihdr(0, 0, 8, 2), pngChunk('IDAT', zlibOf(new Uint8Array(1)))), expect: 'corrupt', why: 'a 0x0 image' },
    { name: 'png-width-overflow.png', bytes: png(ihdr(0xffffffff, 1, 8, 2), pngChunk('IDAT', zlibOf(new Uint8Array(1)))), expect: 'too-large', why: 'width 2^32-1 (negative as a signed number)' },
    { name: 'png-chunk-length-overflow.png', bytes: concat([valid.subarray(0, 33), pngChunk('IDAT', new Uint8Array(4), { length: 0xfffffff0 })]), expect: 'corrupt', why: 'an IDAT that declares 4 GB in a 60-byte file' },
    { name: 'png-impossible-depth.png', bytes: png(ihdr(8, 8, 16, 3), pngChunk('IDAT', zlibOf(scanlines(8, 16)))), expect: 'corrupt', why: '16-bit palette: a colour type and depth that do not exist' },
    { name: 'png-no-image-data.png', bytes: png(ihdr(8, 8, 8, 0)), expect: 'corrupt', why: 'header and end, no IDAT' },
    { name: 'png-truncated.png', bytes: valid.subarray(0, valid.length - 20), expect: 'corrupt', why: 'cut short inside the image data' },
    { name: 'png-bad-crc.png', bytes: withView(valid, (v) => v.setUint32(29, 0xdeadbeef)), expect: 'corrupt', why: 'header checksum does not match' },
    {
      name: 'png-interlaced.png',
      bytes: encodePng({ width: 9, height: 7, data: Uint8Array.from({ length: 63 }, (_, i) => i * 4), channels: 1, depth: 8 }, { interlace: 'Adam7' }),
      expect: 'ok',
      why: 'a valid Adam7-interlaced PNG: the inflate budget must count its seven passes exactly',
    },
  ];
}

function jpegCases(): HostileFile[] {
  const valid = smallJpeg();
  const sof = sofOffset(valid);
  return [
    { name: 'jpeg-huge-declared.jpg', bytes: jpegWithSize(65535, 65535), expect: 'too-large', why: '4.3 gigapixels declared over 16x16 worth of data' },
    { name: 'jpeg-16mp-tiny-data.jpg', bytes: jpegWithSize(4000, 4000), expect: 'corrupt', why: 'within the limits, 200 bytes of data for 16 megapixels (jpeg-js would decode it all)' },
    { name: 'jpeg-36mp-padded.jpg', bytes: jpegPadded(6000, 6000), expect: 'too-large', why: '36 MP with enough bytes to pass for an image: over the JPEG limit, which jpeg-js\'s memory use sets' },
    { name: 'jpeg-zero-size.jpg', bytes: jpegWithSize(0, 0), expect: 'corrupt', why: 'a 0x0 frame' },
    { name: 'jpeg-progressive-5000-scans.jpg', bytes: jpegManyScans(5000), expect: 'corrupt', why: 'a progressive JPEG with 5000 one-byte scans: each scan revisits every block' },
    { name: 'jpeg-truncated.jpg', bytes: valid.subarray(0, valid.length >> 1), expect: 'corrupt', why: 'cut short in the scan' },
    { name: 'jpeg-bad-segment-length.jpg', bytes: withView(valid, (v) => v.setUint16(4, 0)), expect: 'corrupt', why: 'a marker segment of length 0' },
    { name: 'jpeg-arithmetic.jpg', bytes: withView(valid, (v) => v.setUint8(sof + 1, 0xc9)), expect: 'unsupported', why: 'arithmetic coding (SOF9)' },
    { name: 'jpeg-only-header.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), expect: 'corrupt', why: 'start and end markers, nothing between' },
    { name: 'jpeg-exif-orientation-6.jpg', bytes: withExif(valid, exifOrientation(6)), expect: 'ok', why: 'a camera held sideways: shown, cropped and graded upright' },
    {
      name: 'jpeg-exif-loop.jpg',
      bytes: withExif(valid, buildTiff({ entries: [{ tag: 274, type: 3, values: [3] }, { tag: 34665, type: 4, values: [IFD_ITSELF] }], pixels: new Uint8Array(), next: IFD_ITSELF })),
      expect: 'ok',
      why: 'EXIF whose directory chain and EXIF pointer point back to themselves: only orientation is read',
    },
    {
      name: 'jpeg-exif-garbage.jpg',
      bytes: withExif(valid, withView(exifOrientation(6), (v) => v.setUint32(4, 0xfffffff0, true))),
      expect: 'ok',
      why: 'EXIF whose first directory lies outside the file: ignored, the image decodes',
    },
  ];
}

function bmpCases(): HostileFile[] {
  const valid8 = makeBmp(8, 8, 8, (x, y) => [gradient(x, y), 0, 0]);
  const valid24 = makeBmp(8, 8, 24, (x, y) => [gradient(x, y), 10, 200]);
  return [
    { name: 'bmp-palette-4G-colours.bmp', bytes: withView(valid8, (v) => v.setUint32(46, 0xffffffff, true)), expect: 'corrupt', why: '8-bit BMP declaring 4,294,967,295 palette colours' },
    { name: 'bmp-huge-declared.bmp', bytes: withView(valid24, (v) => { v.setInt32(18, 100000, true); v.setInt32(22, 100000, true); }), expect: 'too-large', why: '10 gigapixels declared' },
    { name: 'bmp-zero-size.bmp', bytes: withView(valid24, (v) => { v.setInt32(18, 0, true); v.setInt32(22, 0, true); }), expect: 'corrupt', why: 'a 0x0 image' },
    { name: 'bmp-negative-width.bmp', bytes: withView(valid24, (v) => v.setInt32(18, -8, true)), expect: 'corrupt', why: 'width -8' },
    { name: 'bmp-height-int-min.bmp', bytes: withView(valid24, (v) => v.setInt32(22, -2147483648, true)), expect: 'too-large', why: 'height -2^31: its absolute value overflows a signed 32-bit number' },
    { name: 'bmp-pixels-past-end.bmp', bytes: withView(valid24, (v) => v.setUint32(10, 0x7fffffff, true)), expect: 'corrupt', why: 'pixel data offset 2 GB into a 250-byte file' },
    { name: 'bmp-bit-depth-7.bmp', bytes: withView(valid24, (v) => v.setUint16(28, 7, true)), expect: 'corrupt', why: 'a bit depth that does not exist' },
    { name: 'bmp-rle8.bmp', bytes: withView(valid8, (v) => v.setUint32(30, 1, true)), expect: 'unsupported', why: 'run-length compressed' },
    { name: 'bmp-header-size-4G.bmp', bytes: withView(valid8, (v) => v.setUint32(14, 0xffffffff, true)), expect: 'corrupt', why: 'an info header that claims 4 GB' },
    { name: 'bmp-bitfields-truncated.bmp', bytes: withView(valid24, (v) => { v.setUint16(28, 32, true); v.setUint32(30, 3, true); }).subarray(0, 60), expect: 'corrupt', why: 'colour masks announced, file ends before them' },
    { name: 'bmp-truncated.bmp', bytes: valid24.subarray(0, 100), expect: 'corrupt', why: 'cut short in the pixel data' },
  ];
}

function tiffCases(): HostileFile[] {
  const grey = (overrides: TiffEntry[] = [], next = 0) => greyTiff(8, 8, gradient, overrides, next);
  const raw = (tag: number, type: number, count: number, value: number): TiffEntry => ({ tag, type, count, raw: value });
  const deflateBomb = zlibOfZeros(256);
  const lzwBomb = lzwOfZeros(256 << 20);
  return [
    { name: 'tiff-ifd-loop.tif', bytes: grey([], IFD_ITSELF), expect: 'ok', why: 'a valid 8x8 grey TIFF whose next-IFD offset points back to its own IFD' },
    { name: 'tiff-subifd-loop.tif', bytes: grey([{ tag: 330, type: 4, values: [IFD_ITSELF] }, { tag: 34665, type: 4, values: [IFD_ITSELF] }]), expect: 'ok', why: 'sub-IFD and EXIF pointers to the directory itself (unbounded recursion in utif2)' },
    { name: 'tiff-first-ifd-outside.tif', bytes: withView(grey(), (v) => v.setUint32(4, 0xfffffff0, true)), expect: 'corrupt', why: 'first directory offset 4 GB into a 200-byte file' },
    { name: 'tiff-entry-count-65535.tif', bytes: withView(grey(), (v) => v.setUint16(8, 0xffff, true)), expect: 'corrupt', why: '65535 directory entries in a 200-byte file' },
    { name: 'tiff-tag-count-1G.tif', bytes: grey([raw(258, 3, 0x3fffffff, 16)]), expect: 'corrupt', why: 'a bits-per-sample tag with a billion values' },
    { name: 'tiff-strip-past-end.tif', bytes: grey([{ tag: 273, type: 4, values: [0x7fffff00] }]), expect: 'corrupt', why: 'pixel data offset 2 GB into the file' },
    {
      name: 'tiff-strip-table-100k.tif',
      bytes: grey([raw(273, 4, 100000, PIXELS), raw(279, 4, 100000, PIXELS), { tag: 278, type: 4, values: [1] }]),
      expect: 'corrupt',
      why: '100,000 strip offsets and counts declared, far beyond the file and the 8 rows',
    },
    {
      name: 'tiff-strips-overlap.tif',
      bytes: grey([{ tag: 278, type: 4, values: [1] }, { tag: 273, type: 4, values: Array(8).fill(8) }, { tag: 279, type: 4, values: Array(8).fill(180) }]),
      expect: 'corrupt',
      why: 'eight strips that each re-read the whole file',
    },
    {
      name: 'tiff-deflate-bomb.tif',
      bytes: buildTiff({ entries: greyEntries(64, 64, deflateBomb.length, [], 8), pixels: deflateBomb }),
      expect: 'corrupt',
      why: '64x64 grey with a Deflate strip that inflates to 256 MiB (utif2 inflates strips whole)',
    },
    {
      name: 'tiff-lzw-bomb.tif',
      bytes: buildTiff({ entries: greyEntries(64, 64, lzwBomb.length, [], 5), pixels: lzwBomb }),
      expect: 'corrupt',
      why: '64x64 grey with an LZW strip that expands to 256 MiB (utif2 keeps decoding past its buffer: seconds per MB of file)',
    },
    { name: 'tiff-huge-declared.tif', bytes: grey([{ tag: 256, type: 4, values: [100000] }, { tag: 257, type: 4, values: [100000] }]), expect: 'too-large', why: '10 gigapixels declared' },
    { name: 'tiff-zero-size.tif', bytes: grey([{ tag: 256, type: 4, values: [0] }]), expect: 'corrupt', why: 'width 0' },
    { name: 'tiff-no-size.tif', bytes: buildTiff({ entries: greyEntries(8, 8, 64).filter((e) => e.tag !== 256), pixels: new Uint8Array(64) }), expect: 'corrupt', why: 'no width tag' },
    { name: 'tiff-bits-65535.tif', bytes: grey([{ tag: 258, type: 3, values: [65535] }]), expect: 'corrupt', why: '65535 bits per sample' },
    { name: 'tiff-samples-60000.tif', bytes: grey([{ tag: 277, type: 3, values: [60000] }]), expect: 'corrupt', why: '60000 samples per pixel' },
    { name: 'tiff-huge-tiles.tif', bytes: grey([{ tag: 322, type: 4, values: [65535] }, { tag: 323, type: 4, values: [65535] }, { tag: 324, type: 4, values: [PIXELS] }, { tag: 325, type: 4, values: [64] }]), expect: 'corrupt', why: 'one 4-gigapixel tile' },
    { name: 'tiff-compression-jpeg2000.tif', bytes: grey([{ tag: 259, type: 3, values: [34712] }]), expect: 'unsupported', why: 'a compression utif2 cannot (or should not) decode' },
    { name: 'tiff-planar.tif', bytes: grey([{ tag: 284, type: 3, values: [2] }]), expect: 'unsupported', why: 'separate colour planes' },
    { name: 'tiff-truncated.tif', bytes: grey().subarray(0, 150), expect: 'corrupt', why: 'cut short in the pixel data' },
    { name: 'tiff-orientation-8.tif', bytes: grey([{ tag: 274, type: 3, values: [8] }]), expect: 'ok', why: 'stored sideways: turned upright before grading' },
    { name: 'bigtiff.tif', bytes: new Uint8Array([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0]), expect: 'unsupported', why: 'BigTIFF' },
  ];
}

function notImageCases(): HostileFile[] {
  return [
    { name: 'empty.png', bytes: new Uint8Array(), expect: 'empty', why: 'zero bytes' },
    { name: 'zip-renamed.png', bytes: concat([text('PK\x03\x04'), new Uint8Array(26), text('image.png')]), expect: 'not-image', why: 'a ZIP archive renamed .png' },
    { name: 'svg-renamed.png', bytes: text('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"><circle r="5"/></svg>'), expect: 'not-image', why: 'an SVG renamed .png' },
    { name: 'html-renamed.jpg', bytes: text('<!doctype html><script>alert(1)</script>'), expect: 'not-image', why: 'an HTML page renamed .jpg' },
    { name: 'gif-renamed.bmp', bytes: text('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), expect: 'unsupported', why: 'a GIF' },
    { name: 'bm-text.bmp', bytes: text('BM'), expect: 'not-image', why: 'two bytes that start like a BMP' },
  ];
}

/** The whole corpus; the PNG bomb is the one large file (~1.6 MB). */
export function hostileCorpus(): HostileFile[] {
  return [...pngCases(), ...jpegCases(), ...bmpCases(), ...tiffCases(), ...notImageCases()];
}

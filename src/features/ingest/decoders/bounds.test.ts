// The decoding budgets, one format at a time: what each decoder refuses before it
// allocates, and that valid files within the bounds still decode.
import { inflateSync } from 'node:zlib';
import { encode as encodePng } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../decode-image';
import { IngestError } from '../ingest-error';
import { makeBmp } from '../../../lib/testing/image-files';
import { concat, ihdr, png, pngChunk, zlibOf, zlibOfZeros } from '../testing/png-builder';
import { buildTiff, greyEntries, greyTiff, IFD_ITSELF, lzwEncode, lzwOfZeros, PIXELS } from '../testing/tiff-builder';
import { inflatedSizeWithin } from './inflate-capped';
import { lzwDecodedLength } from './lzw-length';
import { expectedInflatedBytes } from './png-bounds';
import { readFirstIfd } from './tiff-ifd';
import { scanStats } from './jpeg';
import { smallJpeg } from '../testing/hostile-corpus';

function failure(bytes: Uint8Array): IngestError {
  try { decodeImage(bytes); } catch (e) { if (e instanceof IngestError) return e; throw e; }
  throw new Error('expected an IngestError');
}

describe('inflatedSizeWithin', () => {
  it('counts exactly, stops past the cap, and tells damage from excess', () => {
    const stream = zlibOf(new Uint8Array(100_000).map((_, i) => i % 7));
    expect(inflatedSizeWithin([stream], 100_000, 'zlib')).toEqual({ ok: true, bytes: 100_000 });
    expect(inflatedSizeWithin([stream.subarray(0, 10), stream.subarray(10)], 100_000, 'zlib')).toEqual({ ok: true, bytes: 100_000 });
    expect(inflatedSizeWithin([stream], 99_999, 'zlib')).toEqual({ ok: false, reason: 'over-cap' });
    expect(inflatedSizeWithin([new Uint8Array([0x78, 0xda, 0xff, 0xff, 0xff])], 1000, 'zlib')).toEqual({ ok: false, reason: 'corrupt' });
  });

  it('notices a 1 GiB bomb within a second and a few MB', () => {
    const bomb = zlibOfZeros(1024);
    const start = performance.now();
    expect(inflatedSizeWithin([bomb], 1 << 20, 'zlib')).toEqual({ ok: false, reason: 'over-cap' });
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('PNG: image data bounded by the IHDR geometry', () => {
  /** The bytes fast-png's own encoder compresses, inflated back. */
  const inflatedLength = (file: Uint8Array) => {
    const idat: Uint8Array[] = [];
    const view = new DataView(file.buffer, file.byteOffset);
    for (let at = 8; at < file.length; ) {
      const length = view.getUint32(at);
      if (String.fromCharCode(...file.subarray(at + 4, at + 8)) === 'IDAT') idat.push(file.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    return inflateSync(concat(idat)).length;
  };

  it.each<[number, number, number, 8 | 16]>([
    [1, 1, 1, 8], [7, 5, 1, 8], [9, 7, 3, 8], [13, 3, 4, 16], [33, 17, 2, 16], [5, 9, 3, 16],
  ])('expected bytes equal what an encoder writes: %ix%i, %i channels, %i-bit, plain and Adam7', (width, height, channels, depth) => {
    const data = depth === 8 ? new Uint8Array(width * height * channels) : new Uint16Array(width * height * channels);
    const colourType = { 1: 0, 2: 4, 3: 2, 4: 6 }[channels]!;
    for (const interlace of ['null', 'Adam7'] as const) {
      const file = encodePng({ width, height, data, channels, depth }, { interlace });
      expect(expectedInflatedBytes({ width, height, depth, colourType, interlaced: interlace === 'Adam7' }), interlace).toBe(inflatedLength(file));
    }
  });

  it('accepts image data of exactly the expected size and refuses one byte more', () => {
    const rows = (n: number) => new Uint8Array(n);
    expect(decodeImage(png(ihdr(4, 2, 8, 0), pngChunk('IDAT', zlibOf(rows(2 * 5))))).width).toBe(4);
    expect(failure(png(ihdr(4, 2, 8, 0), pngChunk('IDAT', zlibOf(rows(2 * 5 + 1))))).message).toMatch(/inflates to more than its declared 4x2 needs \(10 bytes\)/);
  });

  it('names where a PNG was cut: inside a chunk, or before its end marker (fast-png needs IEND)', () => {
    const whole = png(ihdr(4, 2, 8, 0), pngChunk('IDAT', zlibOf(new Uint8Array(10))));
    expect(failure(whole.subarray(0, whole.length - 15)).message).toBe('PNG is truncated: its IDAT chunk runs past the end of the file');
    expect(failure(whole.subarray(0, whole.length - 12)).message).toBe('PNG is truncated: the file ends before its end marker');
  });

  it('refuses a bomb split over many IDAT chunks', () => {
    const bomb = zlibOfZeros(256);
    const parts = Array.from({ length: 16 }, (_, i) => pngChunk('IDAT', bomb.subarray((i * bomb.length) / 16, ((i + 1) * bomb.length) / 16)));
    expect(failure(png(ihdr(64, 64, 8, 0), ...parts)).code).toBe('corrupt');
  });
});

describe('TIFF: only the first directory, every value inside the file', () => {
  it('decodes a TIFF whose directory chain loops back to itself, and counts its page once', () => {
    const looped = greyTiff(8, 8, (x, y) => x + 8 * y, [], IFD_ITSELF);
    expect(readFirstIfd(looped).pages).toBe(1);
    const img = decodeImage(looped);
    expect([img.width, img.height, img.data[(3 * 8 + 5) * 4]]).toEqual([8, 8, 29]);
    expect(img.notes).toEqual([]);
  });

  it('says when a chain has more pages than the one graded', () => {
    const first = greyTiff(2, 2, () => 9);
    // A second directory: the first one again, reached through the next-IFD offset.
    const twoPages = concat([first, first.subarray(8, 8 + 2 + 9 * 12 + 4)]);
    new DataView(twoPages.buffer).setUint32(8 + 2 + 9 * 12, first.length, true);
    new DataView(twoPages.buffer).setUint32(first.length + 2 + 9 * 12, 0, true);
    expect(decodeImage(twoPages).notes).toEqual(['multi-page TIFF: only the first of its 2 pages is used']);
  });

  it('keeps only the tags the decoder needs and refuses values past the end of the file', () => {
    const withText = greyTiff(2, 2, () => 0, [{ tag: 270, type: 2, count: 1_000_000, raw: 8 }]);
    expect(Object.keys(readFirstIfd(withText).ifd)).not.toContain('t270');
    expect(failure(greyTiff(2, 2, () => 0, [{ tag: 273, type: 4, count: 5000, raw: PIXELS }])).message).toMatch(/tag 273 declares 5000 values that run past the end/);
  });

  it('decodes a valid Deflate strip, and refuses one that inflates past the strip size', () => {
    const pixels = Uint8Array.from({ length: 16 }, (_, i) => i * 10);
    const deflated = zlibOf(pixels);
    const good = buildTiff({ entries: greyEntries(4, 4, deflated.length, [], 8), pixels: deflated });
    expect(decodeImage(good).data[(2 * 4 + 3) * 4]).toBe(110);
    const tooLong = zlibOf(new Uint8Array(17));
    const bad = buildTiff({ entries: greyEntries(4, 4, tooLong.length, [], 8), pixels: tooLong });
    expect(failure(bad).message).toMatch(/inflates to more than its declared size needs \(16 bytes per strip\)/);
  });
});

describe('TIFF JPEG strips: held to the JPEG checks', () => {
  const jpegTiff = (strip: Uint8Array) => buildTiff({
    entries: [
      { tag: 256, type: 4, values: [16] }, { tag: 257, type: 4, values: [16] }, { tag: 258, type: 3, values: [8, 8, 8] },
      { tag: 259, type: 3, values: [7] }, { tag: 262, type: 3, values: [6] }, { tag: 273, type: 4, values: [PIXELS] },
      { tag: 277, type: 3, values: [3] }, { tag: 278, type: 4, values: [16] }, { tag: 279, type: 4, values: [strip.length] },
    ],
    pixels: strip,
  });

  it('decodes a JPEG-compressed TIFF like the JPEG itself (within IDCT rounding)', () => {
    const strip = smallJpeg(16, 16);
    const [tiff, plain] = [decodeImage(jpegTiff(strip)), decodeImage(strip)];
    expect([tiff.width, tiff.height]).toEqual([16, 16]);
    for (let i = 0; i < tiff.data.length; i++) expect(Math.abs(tiff.data[i]! - plain.data[i]!)).toBeLessThanOrEqual(3);
  });

  it('refuses a strip larger than the layout, or with thousands of scans', () => {
    const strip = smallJpeg(64, 64);
    expect(failure(jpegTiff(strip)).message).toMatch(/JPEG strip declares 64x64, larger than the image layout allows/);
    const small = smallJpeg(16, 16);
    const sos = small.findIndex((b, i) => b === 0xff && small[i + 1] === 0xda);
    const scan = new Uint8Array([0xff, 0xda, 0, 8, 1, 1, 0, 0, 0, 0, 0]);
    const manyScans = concat([small.subarray(0, sos), ...Array.from({ length: 500 }, () => scan), new Uint8Array([0xff, 0xd9])]);
    expect(failure(jpegTiff(manyScans)).message).toMatch(/^TIFF pixel data: JPEG has 500 scans/);
  });
});

describe('TIFF LZW: decoded length counted before utif2 decodes', () => {
  const pixels = Uint8Array.from({ length: 300 * 200 }, (_, i) => ((i % 300) * 3 + Math.floor(i / 300) * 7 + (i % 13)) & 0xff);

  it('counts exactly what a strip decodes to (table resets and code widths included)', () => {
    for (const data of [pixels, new Uint8Array(100_000), pixels.subarray(0, 1)]) {
      expect(lzwDecodedLength(lzwEncode(data), Infinity)).toBe(data.length);
    }
  });

  it('builds bombs fast: lzwOfZeros is lzwEncode of zeros, byte for byte', () => {
    for (const n of [1, 2, 300, 100_000]) expect(lzwOfZeros(n)).toEqual(lzwEncode(new Uint8Array(n)));
  });

  it('decodes a valid LZW TIFF, and refuses a strip that expands past its size within a few ms per MB', () => {
    const strip = lzwEncode(pixels);
    const img = decodeImage(buildTiff({ entries: greyEntries(300, 200, strip.length, [], 5), pixels: strip }));
    expect(Array.from({ length: 5 }, (_, i) => img.data[(123 * 300 + 45 + i) * 4])).toEqual(Array.from(pixels.subarray(123 * 300 + 45, 123 * 300 + 50)));
    const bomb = lzwOfZeros(64 << 20);
    const start = performance.now();
    expect(failure(buildTiff({ entries: greyEntries(64, 64, bomb.length, [], 5), pixels: bomb })).message).toMatch(/decompresses to more than its declared size needs/);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('BMP: palette bounded by the bit depth and the file', () => {
  it('names an absurd palette count instead of allocating it', () => {
    const bmp = makeBmp(4, 4, 8, () => [1, 1, 1]);
    new DataView(bmp.buffer).setUint32(46, 0xffffffff, true);
    expect(failure(bmp).message).toBe('BMP declares 4294967295 palette colours; at 8 bits per pixel it can have at most 256');
  });

  it('refuses a palette that runs past the end of the file', () => {
    const bmp = makeBmp(4, 4, 8, () => [1, 1, 1]);
    new DataView(bmp.buffer).setUint32(10, 54 + 16 * 4, true); // pixels right after a 16-colour palette...
    new DataView(bmp.buffer).setUint32(46, 256, true); // ...that claims 256 colours: 1 KB of palette in a 134-byte file
    expect(failure(bmp.subarray(0, 54 + 16 * 4 + 16)).message).toMatch(/palette is truncated/);
  });
});

describe('JPEG: scans and data bounded before jpeg-js runs', () => {
  it('counts scans and entropy-coded bytes, skipping segment payloads', () => {
    const { scans, dataBytes } = scanStats(smallJpeg());
    expect(scans).toBe(1);
    expect(dataBytes).toBeGreaterThan(50);
  });

  it('refuses a JPEG over its own 20 MP limit by header alone', () => {
    const jpegBytes = smallJpeg();
    const sof = jpegBytes.findIndex((b, i) => b === 0xff && jpegBytes[i + 1] === 0xc0);
    new DataView(jpegBytes.buffer).setUint16(sof + 5, 5000);
    new DataView(jpegBytes.buffer).setUint16(sof + 7, 5000);
    expect(failure(jpegBytes)).toMatchObject({ code: 'too-large', message: expect.stringMatching(/25\.0 megapixels, the limit for JPEG is 20 megapixels/) });
  });
});

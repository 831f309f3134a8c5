// The pipeline worker's PNG decoder against the CLI's (checkPngBounds + fast-png): the
// same pixels and notes wherever it decodes, and the reference path's own outcome, image
// or sentence, wherever it declines. Node has DecompressionStream too, so this runs the
// worker's code as is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeImageFast, MAX_MEGAPIXELS } from '../decode-image';
import { IngestError } from '../ingest-error';
import { hostileCorpus } from '../testing';
import { concat, filteredPng, filteredScanlines, ihdr, png, pngChunk, withCrcsFixed, zlibOf, zlibOfZeros, type FilteredPngOptions } from '../testing/png-builder';
import { hasSharedData, sharedDataPath } from '../../../lib/testing/shared-data';
import { decodePngFast } from './png-fast';

const text = (s: string) => new TextEncoder().encode(s);
/** Scrambled but repeatable sample values, full range for the depth. */
const noise = (depth: 8 | 16) => (x: number, y: number, c: number) => {
  let h = Math.imul(x, 374761393) + Math.imul(y, 668265263) + Math.imul(c, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  return (h ^ (h >>> 16)) >>> (depth === 8 ? 24 : 16);
};
/** Gradients and flat patches, as in micrographs: predictors tie often (Paeth's tie order matters). */
const smooth = (depth: 8 | 16) => (x: number, y: number, c: number) => (((x >> 2) * 3 + (y >> 1) * 5 + c * 40) & 0xff) * (depth === 8 ? 1 : 257);

/**
 * Where two pixel buffers first differ, or -1 when they are equal. toEqual walks a typed
 * array element by element: ~5 s per 640x480 image on this machine, minutes for the file.
 */
function firstDifference(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  const [x, y] = [Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)];
  if (x.equals(y)) return -1;
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return i;
  return Math.min(x.length, y.length);
}

/** The pixels as their digest: equal outcomes compare quickly, whatever the image size. */
type Outcome = { error: string } | { width: number; height: number; format: string; notes: string[]; pixels: string };

async function outcome(decode: () => unknown): Promise<Outcome> {
  try {
    const { width, height, format, notes, data } = (await decode()) as Awaited<ReturnType<typeof decodeImageFast>>;
    return { width, height, format, notes, pixels: createHash('sha256').update(data).digest('hex') };
  } catch (error) {
    if (error instanceof IngestError) return { error: `${error.code}: ${error.message}` };
    throw error;
  }
}

/** decodePngFast takes the file, and gives decodeImage's pixels and notes. */
async function expectDecodedAsReference(bytes: Uint8Array, label: string) {
  const fast = await decodePngFast(bytes, MAX_MEGAPIXELS);
  expect(fast, `${label}: declined`).not.toBeNull();
  const { width, height, data, notes } = decodeImage(bytes);
  expect({ width: fast!.width, height: fast!.height, notes: fast!.notes }, label).toEqual({ width, height, notes });
  expect(firstDifference(fast!.data, data), `${label}: first differing byte`).toBe(-1);
}

/** decodePngFast declines the file, and decodeImageFast ends as decodeImage does. */
async function expectLeftToReference(bytes: Uint8Array, label: string) {
  expect(await decodePngFast(bytes, MAX_MEGAPIXELS), label).toBeNull();
  expect(await outcome(() => decodeImageFast(bytes)), label).toEqual(await outcome(() => decodeImage(bytes)));
}

const base = (o: Partial<FilteredPngOptions> = {}): FilteredPngOptions => ({
  width: 9, height: 6, channels: 3, depth: 8, sample: noise(8), filterOf: (y) => y % 5, ...o,
});

describe('decodePngFast: fast-png\'s pixels, to the bit', () => {
  it.each([[1, 1], [7, 5], [33, 17]])('every colour type, depth and filter type at %ix%i', async (width, height) => {
    for (const channels of [1, 2, 3, 4] as const) {
      for (const depth of [8, 16] as const) {
        for (const filter of [0, 1, 2, 3, 4, -1]) {
          for (const sample of [noise, smooth]) {
            const filterOf = filter < 0 ? (y: number) => (y * 3 + 1) % 5 : () => filter;
            const bytes = filteredPng({ width, height, channels, depth, sample: sample(depth), filterOf });
            await expectDecodedAsReference(bytes, `${channels} channels, ${depth}-bit, filter ${filter < 0 ? 'mixed' : filter}, ${sample.name}`);
          }
        }
      }
    }
  });

  it('ignores what fast-png ignores: gAMA, sRGB, cHRM, iCCP, tEXt, pHYs, private chunks, IDAT split in many', async () => {
    const before = [
      pngChunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])),
      pngChunk('sRGB', new Uint8Array([0])),
      pngChunk('cHRM', new Uint8Array(32).fill(7)),
      pngChunk('iCCP', concat([text('ICC Profile\0\0'), zlibOf(new Uint8Array(3000).map((_, i) => i % 13))])),
      pngChunk('tEXt', text('Software\0a microscope')),
      pngChunk('pHYs', new Uint8Array([0, 0, 0x0b, 0x13, 0, 0, 0x0b, 0x13, 1])),
      pngChunk('prVt', text('vendor data')),
    ];
    await expectDecodedAsReference(filteredPng(base({ before, idatChunks: 7 })), 'ancillary chunks');
    await expectDecodedAsReference(filteredPng(base({ channels: 4, sample: (x, y, c) => (c === 3 ? x * 20 : noise(8)(x, y, c)) })), 'translucent alpha (dropped)');
  });

  it('decodes fast-png\'s own output, an RGBA phantom-sized image', async () => {
    const data = new Uint8Array(720 * 480 * 4).map((_, i) => noise(8)(i, i >> 7, 0));
    await expectDecodedAsReference(encode({ width: 720, height: 480, data, channels: 4, depth: 8 }), '720x480 RGBA');
  });
});

describe.skipIf(!hasSharedData)('decodePngFast on real micrographs re-encoded as PNG, as a microscope\'s software would', () => {
  const folders = ['real/pcrm-lockhart/input', 'real/pcrm-saeedi/images', 'real/blastscoringnet', 'real-signal/embryo-classification-d5/labelled'];
  // Listed only where the data is (a skipped describe's body still runs, to collect its tests).
  const files = !hasSharedData ? [] : folders.flatMap((folder) => readdirSync(sharedDataPath(folder)).filter((f) => /\.(bmp|jpe?g)$/i.test(f)).sort().slice(0, 2).map((f) => sharedDataPath(folder, f)));
  const srgb = [pngChunk('sRGB', new Uint8Array([0])), pngChunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f])), pngChunk('pHYs', new Uint8Array([0, 0, 0x0e, 0xc4, 0, 0, 0x0e, 0xc4, 1]))];

  it.each(files.map((f) => [basename(f), f]))('%s: RGB and grey, every filter type, sRGB and gAMA chunks', async (_, file) => {
    const image = decodeImage(readFileSync(file));
    const at = (x: number, y: number, c: number) => image.data[(y * image.width + x) * 4 + c]!;
    for (const channels of [3, 1] as const) {
      const bytes = filteredPng({ width: image.width, height: image.height, channels, depth: 8, sample: at, filterOf: (y) => (y * 7) % 5, before: srgb, idatChunks: 5 });
      await expectDecodedAsReference(bytes, `${basename(file)}, ${channels} channels`);
    }
  });
});

describe('decodePngFast leaves to the reference path what it does not read as fast-png does', () => {
  const good = filteredPng(base());
  const at = (type: string) => { // offset of the first chunk of that type
    for (let i = 8; ; ) {
      if (String.fromCharCode(...good.subarray(i + 4, i + 8)) === type) return i;
      i += 12 + new DataView(good.buffer).getUint32(i);
    }
  };
  const withChunk = (chunk: Uint8Array) => filteredPng(base({ before: [chunk] }));
  const rows = (filter: number, count = 6) => Array.from({ length: count }, () => concat([new Uint8Array([filter]), new Uint8Array(27)]));

  it.each<[string, () => Uint8Array]>([
    ['a palette (colour type 3)', () => png(ihdr(2, 1, 8, 3), pngChunk('PLTE', new Uint8Array([1, 2, 3, 4, 5, 6])), pngChunk('IDAT', zlibOf(new Uint8Array([0, 0, 1]))))],
    ['a suggested palette in an RGB file', () => withChunk(pngChunk('PLTE', new Uint8Array(6)))],
    ['tRNS', () => withChunk(pngChunk('tRNS', new Uint8Array(6)))],
    ['Adam7 interlacing', () => encode({ width: 9, height: 7, data: new Uint8Array(63 * 3), channels: 3, depth: 8 }, { interlace: 'Adam7' })],
    ['4-bit grey', () => png(ihdr(4, 1, 4, 0), pngChunk('IDAT', zlibOf(new Uint8Array([0, 0x12, 0x34]))))],
    ['a second IHDR', () => withChunk(ihdr(3, 3, 8, 2))],
    ['a bad IDAT checksum', () => withCrcsFixed(good).map((b, i) => (i === at('IDAT') + 8 + new DataView(good.buffer).getUint32(at('IDAT')) ? b ^ 1 : b))],
    ['a bad ancillary checksum', () => { const f = withChunk(pngChunk('tEXt', text('Title\0x'))); f[33 + 8 + 7] ^= 1; return f; }],
    ['IEND with data', () => concat([good.subarray(0, good.length - 12), pngChunk('IEND', new Uint8Array(1))])],
    ['tEXt without a keyword end', () => withChunk(pngChunk('tEXt', text('no separator')))],
    ['tEXt with an 80-character keyword', () => withChunk(pngChunk('tEXt', text(`${'k'.repeat(80)}\0v`)))],
    ['pHYs of 8 bytes', () => withChunk(pngChunk('pHYs', new Uint8Array(8)))],
    ['iCCP that is not zlib', () => withChunk(pngChunk('iCCP', concat([text('icc\0\0'), new Uint8Array([1, 2, 3, 4])])))],
    ['iCCP with compression method 1', () => withChunk(pngChunk('iCCP', concat([text('icc\0\x01'), zlibOf(new Uint8Array(8))])))],
    ['filter type 5', () => png(ihdr(9, 6, 8, 2), pngChunk('IDAT', zlibOf(concat(rows(5)))))],
    ['one row short', () => png(ihdr(9, 6, 8, 2), pngChunk('IDAT', zlibOf(concat(rows(0, 5)))))],
    ['one byte too many (the bomb sentence)', () => png(ihdr(9, 6, 8, 2), pngChunk('IDAT', zlibOf(concat([...rows(0), new Uint8Array(1)]))))],
    ['no IEND', () => good.subarray(0, good.length - 12)],
  ])('%s', async (label, make) => {
    await expectLeftToReference(make(), label);
  });

  // fast-png decodes these; the platform's zlib may or may not (Node's takes trailing bytes).
  it.each<[string, () => Uint8Array]>([
    ['a bad Adler-32', () => png(ihdr(9, 6, 8, 2), pngChunk('IDAT', zlibOf(concat(rows(0))).map((b, i, a) => (i === a.length - 1 ? b ^ 1 : b))))],
    ['bytes after the end of the zlib stream', () => png(ihdr(9, 6, 8, 2), pngChunk('IDAT', concat([zlibOf(concat(rows(0))), new Uint8Array([9, 9, 9])])))],
  ])('%s: decoded either way, to the same pixels', async (label, make) => {
    const bytes = make();
    expect(await outcome(() => decodeImageFast(bytes)), label).toEqual(await outcome(() => decodeImage(bytes)));
    expect('error' in (await outcome(() => decodeImage(bytes))), label).toBe(false);
  });

  it('a bomb declared at 2048x2048 RGBA: the reference path\'s sentence, within seconds', async () => {
    const bomb = png(ihdr(2048, 2048, 8, 6), pngChunk('IDAT', zlibOfZeros(256)));
    const start = performance.now();
    const fast = await outcome(() => decodeImageFast(bomb));
    expect(fast).toEqual({ error: expect.stringMatching(/^corrupt: PNG image data inflates to more than its declared 2048x2048 needs/) });
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe('decodeImageFast ends every file as decodeImage does', () => {
  it('the hostile corpus', async () => {
    for (const file of hostileCorpus()) {
      const fast = await outcome(() => decodeImageFast(file.bytes));
      expect(fast, file.name).toEqual(await outcome(() => decodeImage(file.bytes)));
      expect('error' in fast ? fast.error.split(':')[0] : 'ok', file.name).toBe(file.expect);
    }
  });

  /** A damaged copy: one or two bytes overwritten after the signature, or the file cut short. */
  function mutant(bytes: Uint8Array, rnd: () => number): Uint8Array {
    const out = rnd() < 0.15 ? bytes.slice(0, 8 + Math.floor(rnd() * (bytes.length - 8))) : bytes.slice();
    for (let edits = 1 + Math.floor(rnd() * 2); edits > 0; edits--) {
      out[8 + Math.floor(rnd() * (out.length - 8))] = rnd() < 0.3 ? [0, 0xff, 1][Math.floor(rnd() * 3)]! : Math.floor(rnd() * 256);
    }
    return out;
  }

  it.each<[string, FilteredPngOptions]>([
    ['RGB with text and a colour profile', base({ before: [pngChunk('tEXt', text('k\0v')), pngChunk('iCCP', concat([text('p\0\0'), zlibOf(new Uint8Array(40))])), pngChunk('pHYs', new Uint8Array(9))] })],
    ['16-bit RGBA', base({ channels: 4, depth: 16, sample: noise(16) })],
    ['grey in three IDAT chunks', base({ channels: 1, idatChunks: 3 })],
  ])('%s, 300 damaged copies with their checksums made right again', async (_, options) => {
    let seed = options.channels * 7919 + options.depth;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const original = filteredPng(options);
    let decodedFast = 0;
    for (let i = 0; i < 300; i++) {
      const bytes = withCrcsFixed(mutant(original, rnd));
      if (await decodePngFast(bytes, MAX_MEGAPIXELS)) decodedFast++;
      expect(await outcome(() => decodeImageFast(bytes)), `mutant ${i}`).toEqual(await outcome(() => decodeImage(bytes)));
    }
    // Most damaged streams fail zlib's Adler-32 check, which fast-png skips: those take
    // the reference path. Some must still be decoded by the fast path.
    expect(decodedFast).toBeGreaterThan(0);
  });

  it('300 images whose scanlines (filter types included) were altered before compression', async () => {
    let seed = 17;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let decodedFast = 0;
    for (let i = 0; i < 300; i++) {
      const [channels, depth] = [[1, 8], [2, 8], [3, 8], [4, 8], [3, 16], [4, 16]][i % 6] as [1 | 2 | 3 | 4, 8 | 16];
      const [width, height] = [1 + Math.floor(rnd() * 12), 1 + Math.floor(rnd() * 8)];
      const rows = Array.from({ length: height }, (_, y) => Uint8Array.from({ length: width * channels * (depth / 8) }, (_, x) => noise(8)(x, y, i)));
      const scanlines = filteredScanlines(rows, channels * (depth / 8), () => Math.floor(rnd() * 5));
      for (let edits = Math.floor(rnd() * 4); edits > 0; edits--) scanlines[Math.floor(rnd() * scanlines.length)] = rnd() < 0.2 ? 5 + Math.floor(rnd() * 250) : Math.floor(rnd() * 5);
      const bytes = png(ihdr(width, height, depth, { 1: 0, 2: 4, 3: 2, 4: 6 }[channels]), pngChunk('IDAT', zlibOf(scanlines)));
      if (await decodePngFast(bytes, MAX_MEGAPIXELS)) decodedFast++;
      expect(await outcome(() => decodeImageFast(bytes)), `image ${i}`).toEqual(await outcome(() => decodeImage(bytes)));
    }
    expect(decodedFast).toBeGreaterThan(200);
  });
});

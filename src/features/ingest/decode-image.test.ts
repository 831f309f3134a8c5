import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import { decodeImage, IngestError } from './index';
import { makeBmp, makeJpeg, makePng16Gray, makeTiff } from '../../lib/testing/image-files';
import { hasSharedData, sharedDataPath } from '../../lib/testing/shared-data';

const px = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) =>
  Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 4));

function errorOf(fn: () => unknown): IngestError {
  try { fn(); } catch (e) { if (e instanceof IngestError) return e; throw e; }
  throw new Error('expected an IngestError');
}

describe('decodeImage: formats labs send', () => {
  const gradient = (x: number, y: number) => [x * 10, y * 20, 100];

  it('32-bit BMP with zero alpha comes out opaque, colours in place, top row first', () => {
    const img = decodeImage(makeBmp(5, 3, 32, gradient));
    expect([img.width, img.height, img.format]).toEqual([5, 3, 'bmp']);
    expect(px(img, 4, 2)).toEqual([40, 40, 100, 255]);
    expect(px(img, 0, 0)).toEqual([0, 0, 100, 255]);
  });

  it('24-bit BMP with row padding', () => {
    const img = decodeImage(makeBmp(3, 2, 24, gradient));
    expect(px(img, 2, 1)).toEqual([20, 20, 100, 255]);
  });

  it('8-bit palette (grayscale) BMP', () => {
    const img = decodeImage(makeBmp(3, 2, 8, (x, y) => [x * 50 + y, 0, 0]));
    expect(px(img, 2, 1)).toEqual([101, 101, 101, 255]);
  });

  it('TIFF 8-bit grayscale and RGB', () => {
    expect(px(decodeImage(makeTiff(4, 3, 1, 8, (x, y) => x + 10 * y)), 3, 2)).toEqual([23, 23, 23, 255]);
    expect(px(decodeImage(makeTiff(4, 3, 3, 8, (x, y, c) => [x, y, 200][c])), 3, 2)).toEqual([3, 2, 200, 255]);
  });

  it('TIFF 16-bit grayscale and RGB are stretched over their range and noted', () => {
    const gray = decodeImage(makeTiff(4, 1, 1, 16, (x) => 1000 + x * 1000));
    expect(Array.from({ length: 4 }, (_, x) => px(gray, x, 0)[0])).toEqual([0, 85, 170, 255]);
    expect(gray.notes[0]).toMatch(/16-bit/);
    const rgb = decodeImage(makeTiff(2, 1, 3, 16, (x, _y, c) => (x + 1) * 4000 + c));
    expect(px(rgb, 1, 0)[3]).toBe(255);
    expect(px(rgb, 1, 0)[0]).toBeGreaterThan(px(rgb, 0, 0)[0]);
  });

  it('TIFF 16-bit big-endian (Motorola byte order) keeps its values', () => {
    // 4x1 grey, samples 1000..4000, written by hand: the fixture builder writes little-endian only.
    const entries = [[256, 4], [257, 1], [258, 16], [259, 1], [262, 1], [273, 0], [277, 1], [278, 1], [279, 8]];
    const dataAt = 8 + 2 + entries.length * 12 + 4;
    const bytes = new Uint8Array(dataAt + 8);
    const view = new DataView(bytes.buffer); // DataView is big-endian by default
    bytes.set([0x4d, 0x4d, 0, 42]);
    view.setUint32(4, 8);
    view.setUint16(8, entries.length);
    entries.forEach(([tag, value], i) => {
      const e = 10 + i * 12;
      view.setUint16(e, tag!);
      view.setUint16(e + 2, tag === 273 ? 4 : 3);
      view.setUint32(e + 4, 1);
      if (tag === 273) view.setUint32(e + 8, dataAt); else view.setUint16(e + 8, value!);
    });
    [1000, 2000, 3000, 4000].forEach((v, i) => view.setUint16(dataAt + i * 2, v));
    const img = decodeImage(bytes);
    expect([0, 1, 2, 3].map((x) => px(img, x, 0)[0])).toEqual([0, 85, 170, 255]);
    expect(img.notes[0]).toMatch(/range 1000\.\.4000/);
  });

  it('PNG 8-bit RGBA drops alpha; 16-bit gray is stretched', () => {
    const rgba = encodePng({ width: 1, height: 1, data: new Uint8Array([10, 20, 30, 0]), channels: 4, depth: 8 });
    expect(px(decodeImage(rgba), 0, 0)).toEqual([10, 20, 30, 255]);
    const gray16 = decodeImage(makePng16Gray(2, 1, (x) => 500 + x * 3000));
    expect([px(gray16, 0, 0)[0], px(gray16, 1, 0)[0]]).toEqual([0, 255]);
  });

  it('JPEG decodes the same pixels as encoded (within compression error)', () => {
    const img = decodeImage(makeJpeg(16, 16, () => [120, 130, 140]));
    const [r, g, b, a] = px(img, 8, 8);
    expect(Math.abs(r - 120) + Math.abs(g - 130) + Math.abs(b - 140)).toBeLessThan(10);
    expect(a).toBe(255);
  });
});

describe('decodeImage: bad files get their own message', () => {
  it('empty file', () => expect(errorOf(() => decodeImage(new Uint8Array()))).toMatchObject({ code: 'empty', message: expect.stringMatching(/empty/) }));
  it('text renamed .png', () => {
    const e = errorOf(() => decodeImage(new TextEncoder().encode('hello, this is a text file\n')));
    expect(e.code).toBe('not-image');
    expect(e.message).toMatch(/not an image/);
  });
  it('truncated JPEG', () => {
    const full = makeJpeg(64, 64, (x, y) => [x * 4, y * 4, 0]);
    const e = errorOf(() => decodeImage(full.slice(0, Math.floor(full.length / 2))));
    expect(e.code).toBe('corrupt');
    expect(e.message).toMatch(/truncated/);
  });
  it('truncated PNG', () => {
    const full = encodePng({ width: 64, height: 64, data: new Uint8Array(64 * 64 * 3).map((_, i) => i * 7), channels: 3, depth: 8 });
    expect(errorOf(() => decodeImage(full.slice(0, full.length - 200))).code).toBe('corrupt');
  });
  it('truncated BMP', () => {
    const full = makeBmp(20, 20, 24, () => [1, 2, 3]);
    expect(errorOf(() => decodeImage(full.slice(0, 300))).message).toMatch(/truncated/);
  });
  it('image over the pixel limit names the limit, before decoding', () => {
    const header = makeBmp(1, 1, 24, () => [0, 0, 0]);
    new DataView(header.buffer).setInt32(18, 9000, true);
    new DataView(header.buffer).setInt32(22, 6000, true);
    const e = errorOf(() => decodeImage(header));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/54\.0 megapixels.*limit is 40 megapixels/);
  });
  it('GIF is named as unsupported', () => {
    expect(errorOf(() => decodeImage(new TextEncoder().encode('GIF89a....'))).code).toBe('unsupported');
  });
});

describe.skipIf(!hasSharedData)('decodeImage on the real micrographs in ../shared/data', () => {
  const real = (dir: string) => readdirSync(sharedDataPath('real', dir)).filter((f) => /\.(bmp|jpg)$/i.test(f)).map((f) => sharedDataPath('real', dir, f));

  it('PCRM 32-bit BMPs are opaque and not black', () => {
    for (const file of real('pcrm-lockhart/input')) {
      const img = decodeImage(new Uint8Array(readFileSync(file)));
      expect(img.width).toBeGreaterThanOrEqual(640);
      let alphaMin = 255, sum = 0;
      for (let i = 0; i < img.data.length; i += 4) { alphaMin = Math.min(alphaMin, img.data[i + 3]); sum += img.data[i + 1]; }
      expect(alphaMin).toBe(255);
      expect(sum / (img.width * img.height)).toBeGreaterThan(40);
    }
  });

  it('grayscale BMPs and JPEGs decode', () => {
    for (const file of [...real('pcrm-saeedi/images'), ...real('blastscoringnet')]) {
      const img = decodeImage(new Uint8Array(readFileSync(file)));
      expect(img.width * img.height).toBeGreaterThan(10000);
    }
  });
});

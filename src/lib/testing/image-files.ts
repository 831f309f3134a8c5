// Builders of small image files in the layouts labs send (tests only; shared by the
// ingest and preprocess tests, hence here rather than inside one feature).
import jpeg from 'jpeg-js';
import { encode as encodePng } from 'fast-png';

export function makeBmp(width: number, height: number, bitCount: 8 | 24 | 32, pixel: (x: number, y: number) => number[]): Uint8Array {
  const paletteBytes = bitCount === 8 ? 256 * 4 : 0;
  const stride = Math.ceil((width * bitCount) / 32) * 4;
  const offset = 14 + 40 + paletteBytes;
  const bytes = new Uint8Array(offset + stride * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // bottom-up, as most writers do
  view.setUint16(26, 1, true);
  view.setUint16(28, bitCount, true);
  if (bitCount === 8) for (let i = 0; i < 256; i++) bytes.set([i, i, i, 0], 54 + i * 4); // grayscale palette (B,G,R,0)
  for (let y = 0; y < height; y++) {
    const row = offset + (height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      if (bitCount === 8) bytes[row + x] = r;
      else bytes.set(bitCount === 24 ? [b, g, r] : [b, g, r, 0], row + x * (bitCount / 8)); // alpha byte 0, as microscope software writes
    }
  }
  return bytes;
}

/** Minimal uncompressed little-endian TIFF: 1 or 3 channels, 8 or 16 bits. */
export function makeTiff(width: number, height: number, channels: 1 | 3, bits: 8 | 16, sample: (x: number, y: number, c: number) => number): Uint8Array {
  const pixelBytes = width * height * channels * (bits / 8);
  const entries: [number, number, number, number][] = [
    [256, 3, 1, width], [257, 3, 1, height], [258, 3, channels, 0], [259, 3, 1, 1],
    [262, 3, 1, channels === 3 ? 2 : 1], [273, 4, 1, 0], [277, 3, 1, channels], [278, 3, 1, height], [279, 4, 1, pixelBytes],
  ];
  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  const bitsOffset = ifdOffset + ifdSize;
  const dataOffset = bitsOffset + 8;
  const bytes = new Uint8Array(dataOffset + pixelBytes);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, entries.length, true);
  entries.forEach(([tag, type, count, value], i) => {
    const e = ifdOffset + 2 + i * 12;
    view.setUint16(e, tag, true); view.setUint16(e + 2, type, true); view.setUint32(e + 4, count, true);
    if (tag === 258 && channels === 3) { view.setUint32(e + 8, bitsOffset, true); [0, 1, 2].forEach((k) => view.setUint16(bitsOffset + k * 2, bits, true)); }
    else if (tag === 258) view.setUint16(e + 8, bits, true);
    else if (tag === 273) view.setUint32(e + 8, dataOffset, true);
    else if (type === 3) view.setUint16(e + 8, value, true);
    else view.setUint32(e + 8, value, true);
  });
  let p = dataOffset;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < channels; c++) {
    const v = sample(x, y, c);
    if (bits === 8) bytes[p++] = v; else { view.setUint16(p, v, true); p += 2; }
  }
  return bytes;
}

export function makeJpeg(width: number, height: number, pixel: (x: number, y: number) => number[], quality = 90): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([...pixel(x, y), 255], (y * width + x) * 4);
  return new Uint8Array(jpeg.encode({ width, height, data }, quality).data);
}

export function makePng16Gray(width: number, height: number, sample: (x: number, y: number) => number): Uint8Array {
  const data = new Uint16Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = sample(x, y);
  return encodePng({ width, height, data, channels: 1, depth: 16 });
}

// Builds little-endian TIFF files entry by entry, including ones no writer would
// produce: out-of-file offsets, self-referencing directories (tests only).

/** An IFD entry: `values` are laid out by the builder; `raw` writes count and value field as given. */
export type TiffEntry =
  | { tag: number; type: 3 | 4; values: number[] }
  | { tag: number; type: number; count: number; raw: number };

/** Offsets the builder knows once the layout is fixed. */
export const PIXELS = -1;
export const IFD_ITSELF = -2;

export interface TiffParts {
  entries: TiffEntry[];
  pixels: Uint8Array;
  /** Next-IFD offset: 0 ends the chain, IFD_ITSELF points back to the directory. */
  next?: number;
}

/** Entries sorted by tag; values of PIXELS / IFD_ITSELF become the real offsets. */
export function buildTiff({ entries, pixels, next = 0 }: TiffParts): Uint8Array {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const ifdOffset = 8;
  const ifdSize = 2 + sorted.length * 12 + 4;
  const outOfLine = sorted.map((e) => ('values' in e && e.values.length * (e.type === 3 ? 2 : 4) > 4 ? e.values.length * (e.type === 3 ? 2 : 4) : 0));
  const extraSize = outOfLine.reduce((n, s) => n + s, 0);
  const pixelOffset = ifdOffset + ifdSize + extraSize;
  const bytes = new Uint8Array(pixelOffset + pixels.length);
  const view = new DataView(bytes.buffer);
  const resolve = (v: number) => (v === PIXELS ? pixelOffset : v === IFD_ITSELF ? ifdOffset : v);
  bytes.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, sorted.length, true);
  let extra = ifdOffset + ifdSize;
  sorted.forEach((e, i) => {
    const at = ifdOffset + 2 + i * 12;
    view.setUint16(at, e.tag, true);
    view.setUint16(at + 2, e.type, true);
    if ('raw' in e) {
      view.setUint32(at + 4, e.count, true);
      view.setUint32(at + 8, resolve(e.raw), true);
      return;
    }
    view.setUint32(at + 4, e.values.length, true);
    const size = e.type === 3 ? 2 : 4;
    const base = outOfLine[i] ? extra : at + 8;
    if (outOfLine[i]) { view.setUint32(at + 8, extra, true); extra += outOfLine[i]!; }
    e.values.forEach((v, k) => (size === 2 ? view.setUint16(base + k * 2, resolve(v), true) : view.setUint32(base + k * 4, resolve(v), true)));
  });
  view.setUint32(ifdOffset + 2 + sorted.length * 12, resolve(next), true);
  bytes.set(pixels, pixelOffset);
  return bytes;
}

/** The entries of a plain uncompressed 8-bit grey image, one strip; `overrides` replace tags. */
export function greyEntries(width: number, height: number, byteCount: number, overrides: TiffEntry[] = [], compression = 1): TiffEntry[] {
  const base: TiffEntry[] = [
    { tag: 256, type: 4, values: [width] },
    { tag: 257, type: 4, values: [height] },
    { tag: 258, type: 3, values: [8] },
    { tag: 259, type: 3, values: [compression] },
    { tag: 262, type: 3, values: [1] },
    { tag: 273, type: 4, values: [PIXELS] },
    { tag: 277, type: 3, values: [1] },
    { tag: 278, type: 4, values: [height] },
    { tag: 279, type: 4, values: [byteCount] },
  ];
  const replaced = new Set(overrides.map((e) => e.tag));
  return [...base.filter((e) => !replaced.has(e.tag)), ...overrides];
}

/** An 8-bit grey TIFF whose pixel (x, y) is `value(x, y)`. */
export function greyTiff(width: number, height: number, value: (x: number, y: number) => number, overrides: TiffEntry[] = [], next = 0): Uint8Array {
  const pixels = Uint8Array.from({ length: width * height }, (_, i) => value(i % width, Math.floor(i / width)));
  return buildTiff({ entries: greyEntries(width, height, pixels.length, overrides), pixels, next });
}

/** MSB-first codes of a changing width, as TIFF LZW packs them. */
class CodeWriter {
  private readonly out: number[] = [];
  private buffer = 0;
  private count = 0;
  width = 9;
  emit(code: number): void {
    this.buffer = (this.buffer << this.width) | code;
    this.count += this.width;
    while (this.count >= 8) { this.out.push((this.buffer >>> (this.count - 8)) & 0xff); this.count -= 8; }
    this.buffer &= (1 << this.count) - 1;
  }
  bytes(): Uint8Array {
    if (this.count > 0) this.out.push((this.buffer << (8 - this.count)) & 0xff);
    return Uint8Array.from(this.out);
  }
}

const CLEAR = 256, END = 257, FIRST_FREE = 258, TABLE_FULL = 4093;

/**
 * TIFF LZW (codes of 9-12 bits, Clear 256, EOI 257), as libtiff writes it: the reader
 * widens codes one entry early, so the writer widens when its next free code reaches
 * a power of two.
 */
export function lzwEncode(data: Uint8Array): Uint8Array {
  const writer = new CodeWriter();
  let nextCode = FIRST_FREE;
  let table = new Map<number, number>();
  writer.emit(CLEAR);
  if (data.length === 0) { writer.emit(END); return writer.bytes(); }
  let w = data[0]!;
  for (let i = 1; i < data.length; i++) {
    const c = data[i]!;
    const key = w * 256 + c;
    const known = table.get(key);
    if (known !== undefined) { w = known; continue; }
    writer.emit(w);
    if (nextCode < TABLE_FULL) {
      table.set(key, nextCode++);
      if (nextCode === 1 << writer.width && writer.width < 12) writer.width++;
    } else {
      writer.emit(CLEAR);
      table = new Map();
      nextCode = FIRST_FREE;
      writer.width = 9;
    }
    w = c;
  }
  writer.emit(w);
  if (nextCode + 1 === 1 << writer.width && writer.width < 12) writer.width++;
  writer.emit(END);
  return writer.bytes();
}

/**
 * lzwEncode(new Uint8Array(length)), byte for byte, in time proportional to the codes
 * rather than the bytes: a run of zeros is always matched by the longest entry so far
 * (entry 256 + n holds n zeros), which is what makes LZW bombs cheap to build.
 */
export function lzwOfZeros(length: number): Uint8Array {
  const writer = new CodeWriter();
  const codeFor = (run: number) => (run === 1 ? 0 : 256 + run);
  let nextCode = FIRST_FREE;
  writer.emit(CLEAR);
  if (length === 0) { writer.emit(END); return writer.bytes(); }
  for (let left = length; ; ) {
    const longest = nextCode - 257;
    if (left <= longest) { writer.emit(codeFor(left)); break; }
    writer.emit(codeFor(longest));
    left -= longest;
    if (nextCode < TABLE_FULL) {
      nextCode++;
      if (nextCode === 1 << writer.width && writer.width < 12) writer.width++;
    } else {
      writer.emit(CLEAR);
      nextCode = FIRST_FREE;
      writer.width = 9;
    }
  }
  if (nextCode + 1 === 1 << writer.width && writer.width < 12) writer.width++;
  writer.emit(END);
  return writer.bytes();
}

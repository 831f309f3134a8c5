// How many bytes a TIFF LZW strip decodes to, counted without decoding it: utif2's LZW
// decoder writes into a fixed buffer but keeps running past its end, so a strip of
// a few hundred KB that expands 1000-fold costs seconds (1.5 MB: ~11 s). This walks
// the same code stream (9-12 bit codes, MSB first, widened one entry early, as utif2
// reads it) keeping only each table entry's length, and stops once past the cap.
const CLEAR = 256;
const END = 257;
const FIRST_FREE = 258;
const TABLE_SIZE = 4096;

/** Bytes the strip decodes to, or Infinity as soon as that passes `cap`. */
export function lzwDecodedLength(strip: Uint8Array, cap: number): number {
  const lengths = new Uint32Array(TABLE_SIZE).fill(1, 0, FIRST_FREE);
  let bit = 0;
  const end = strip.length * 8;
  let width = 9;
  let next = FIRST_FREE;
  const read = () => {
    const at = bit >>> 3;
    const word = ((strip[at] ?? 0) << 16) | ((strip[at + 1] ?? 0) << 8) | (strip[at + 2] ?? 0);
    const code = (word >>> (24 - (bit & 7) - width)) & ((1 << width) - 1);
    bit += width;
    return code;
  };
  const add = (prefix: number) => {
    if (next < TABLE_SIZE) lengths[next] = lengths[prefix]! + 1;
    next++;
    if (next + 1 === 1 << width && width !== 12) width++;
  };
  let total = 0;
  let previous = 0;
  while (bit < end) {
    let code = read();
    if (code === END) break;
    if (code === CLEAR) {
      width = 9;
      next = FIRST_FREE;
      code = read();
      if (code === END) break;
      total += lengths[code]!;
    } else if (code < next) {
      total += lengths[code]!;
      add(previous);
    } else {
      add(previous);
      total += lengths[Math.min(next - 1, TABLE_SIZE - 1)]!;
    }
    if (total > cap) return Infinity;
    previous = code;
  }
  return total;
}

// Undoes PNG's per-scanline filters (PNG spec 9.2) with the arithmetic fast-png uses, so
// the pipeline worker's PNG decoder returns the CLI's pixels to the bit. It works in the
// inflated buffer itself: a fresh 12 MB buffer costs ~50 ms of page faults in a loaded
// Chromium worker, as much as the unfiltering.

/**
 * Unfilters the `height` rows of `stride` bytes in `raw` (each led by its filter type
 * byte) in place, moving each row up over the filter bytes before it: returns the
 * samples, `raw`'s first height * stride bytes, or null when a row names a filter type
 * that does not exist. `bpp`: bytes per complete pixel.
 */
export function unfilterInPlace(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array | null {
  // Row y moves from y * (stride + 1) + 1 to y * stride: every byte is read before the
  // write that could overwrite it (writes trail reads by y + 1 bytes), and the row above,
  // which the predictors read, is already in its final place.
  for (let y = 0; y < height; y++) {
    const from = y * (stride + 1) + 1;
    const to = y * stride;
    const up = to - stride;
    const filter = raw[from - 1];
    if (filter === 0 || (filter === 2 && y === 0)) {
      raw.copyWithin(to, from, from + stride);
    } else if (filter === 1 || (filter === 4 && y === 0)) {
      // Paeth on the first row predicts from the left only, as Sub does.
      for (let i = 0; i < bpp; i++) raw[to + i] = raw[from + i]!;
      for (let i = bpp; i < stride; i++) raw[to + i] = raw[from + i]! + raw[to + i - bpp]!;
    } else if (filter === 2) {
      for (let i = 0; i < stride; i++) raw[to + i] = raw[from + i]! + raw[up + i]!;
    } else if (filter === 3) {
      for (let i = 0; i < bpp; i++) raw[to + i] = raw[from + i]! + (y === 0 ? 0 : raw[up + i]! >> 1);
      for (let i = bpp; i < stride; i++) raw[to + i] = raw[from + i]! + ((raw[to + i - bpp]! + (y === 0 ? 0 : raw[up + i]!)) >> 1);
    } else if (filter === 4) {
      for (let i = 0; i < bpp; i++) raw[to + i] = raw[from + i]! + raw[up + i]!;
      for (let i = bpp; i < stride; i++) {
        const a = raw[to + i - bpp]!;
        const b = raw[up + i]!;
        const c = raw[up + i - bpp]!;
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - c - c);
        raw[to + i] = raw[from + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
    } else {
      return null;
    }
  }
  return raw.subarray(0, height * stride);
}

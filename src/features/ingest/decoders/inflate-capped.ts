// Measures what a deflate stream inflates to without ever holding more than a slice
// of it: the guard against decompression bombs (a few MB of compressed zeros that
// inflate to GB). fflate is the inflater fast-png already uses.
import { Inflate, Unzlib } from 'fflate';

/** Deflate's best ratio (258-byte matches in ~2 bits): 1 input byte never yields more. */
const MAX_RATIO = 1032;
const MIN_SLICE = 1024;
const MAX_SLICE = 64 * 1024;

/**
 * Input bytes to push next: no more than could inflate to the budget left, so the
 * cap is passed by at most ~1 MB (MIN_SLICE at MAX_RATIO) before it is noticed.
 */
const sliceFor = (left: number) => Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.floor(left / MAX_RATIO)));

class CapExceeded extends Error {}

export type CappedInflate =
  | { ok: true; bytes: number }
  | { ok: false; reason: 'over-cap' | 'corrupt' };

/**
 * Inflates `pieces` (consecutive parts of one stream: zlib-wrapped, or raw deflate)
 * and counts the output, stopping as soon as it passes `cap` bytes.
 */
export function inflatedSizeWithin(pieces: Iterable<Uint8Array>, cap: number, wrapper: 'zlib' | 'raw'): CappedInflate {
  let total = 0;
  const onData = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > cap) throw new CapExceeded();
  };
  const inflater = wrapper === 'zlib' ? new Unzlib(onData) : new Inflate(onData);
  try {
    for (const piece of pieces) {
      for (let at = 0; at < piece.length; ) {
        const end = at + sliceFor(cap - total);
        inflater.push(piece.subarray(at, end), false);
        at = end;
      }
    }
    inflater.push(new Uint8Array(0), true);
  } catch (error) {
    return { ok: false, reason: error instanceof CapExceeded ? 'over-cap' : 'corrupt' };
  }
  return { ok: true, bytes: total };
}

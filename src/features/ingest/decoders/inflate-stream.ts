// Inflates a zlib stream with the platform's own zlib (DecompressionStream, in browser
// workers and Node 18+) into a buffer of exactly the size the caller expects. In a
// Chromium worker this is several times faster than fflate, whose streaming inflater
// costs ~2 ms per pushed slice there (the 1 KB slices of the sync bomb guard took 1.1 s
// on a 2048x1536 PNG). The buffer is the budget: reading stops once output passes `size`.

/**
 * Input goes in slices of this size. Chromium inflates a whole write before the reader
 * sees any of it (a 0.5 MB bomb written at once inflated to 520 MB), and deflate never
 * exceeds 1032:1, so a bomb gets at most ~16.5 MB past the budget. Smaller slices cost
 * ~0.1 ms a write (1 KB slices: 2223 writes, +230 ms on a 2048x1536 PNG). Node's stream
 * waits for the reader within a write, so only the browser shows it: with whole IDATs
 * written, e2e/hostile.spec.ts's renderer peak went from 506 to 1961 MiB (limit 1536).
 */
export const SLICE_BYTES = 16 * 1024;

export type ExactInflate =
  /** `bytes`: the whole buffer (`capacity` bytes when that is more); the stream fills its first `size`. */
  | { ok: true; bytes: Uint8Array }
  /** `inflated`: the output read before stopping. */
  | { ok: false; reason: 'over-cap' | 'short' | 'corrupt'; inflated: number };

export type InflateVerdict =
  | { ok: true }
  /** `inflated`: the output read before stopping. */
  | { ok: false; reason: 'over-cap' | 'short' | 'corrupt'; inflated: number };

/**
 * Inflates `pieces` (consecutive parts of one zlib stream) into exactly `size` bytes, at
 * the start of a buffer of `capacity` bytes (room the caller needs afterwards: one
 * allocation instead of two).
 */
export async function inflateExactly(pieces: readonly Uint8Array[], size: number, capacity = size): Promise<ExactInflate> {
  const out = new Uint8Array(Math.max(size, capacity));
  const verdict = await inflateWithin(pieces, size, (chunk, at) => out.set(chunk, at));
  return verdict.ok ? { ok: true, bytes: out } : verdict;
}

/**
 * Whether `pieces` inflate to exactly `size` bytes, keeping none of them: the same
 * budget and verdicts as inflateExactly, for a caller whose decoder is another (the
 * browser's) and who must still know the stream is neither a bomb, short nor damaged.
 */
export function inflatesToExactly(pieces: readonly Uint8Array[], size: number): Promise<InflateVerdict> {
  return inflateWithin(pieces, size, () => {});
}

/** Streams `pieces` through the platform's inflater, handing each output chunk and its offset to `take`, until `size` is passed. */
async function inflateWithin(pieces: readonly Uint8Array[], size: number, take: (chunk: Uint8Array, at: number) => void): Promise<InflateVerdict> {
  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  let total = 0;
  let over = false;
  const read = async (): Promise<boolean> => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return true;
      total += value.length;
      if (total > size) {
        over = true;
        await reader.cancel();
        return false;
      }
      take(value, total - value.length);
    }
  };
  // Each write waits until the reader has taken its output: one slice in flight.
  const write = async () => {
    for (const piece of pieces) {
      for (let at = 0; at < piece.length && !over; at += SLICE_BYTES) {
        // A view of shared memory is refused here and reads as 'corrupt': callers fall back.
        await writer.write(piece.subarray(at, at + SLICE_BYTES) as Uint8Array<ArrayBuffer>);
      }
    }
    await writer.close();
  };
  // A damaged stream rejects both sides; a cancelled read rejects the pending write.
  const [ended] = await Promise.all([read().catch(() => false), write().catch(() => undefined)]);
  if (over) return { ok: false, reason: 'over-cap', inflated: total };
  if (!ended) return { ok: false, reason: 'corrupt', inflated: total };
  if (total < size) return { ok: false, reason: 'short', inflated: total };
  return { ok: true };
}

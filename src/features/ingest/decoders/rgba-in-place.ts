// toRgba8's 8-bit case without a second image-sized buffer: the samples are spread to
// opaque RGBA inside the buffer the PNG was inflated into. In the pipeline worker this
// took the decode stage of a 2048x1536 RGBA PNG from 165-176 to 130-153 ms (npm run
// bench, same session, load 2.5-4.4 on 2 cores): a fresh 12 MB buffer is not free there.

/**
 * The `n` pixels of `channels` (1-4) 8-bit samples at the start of `buffer`, which holds
 * at least n * 4 bytes, as opaque RGBA in its first n * 4 bytes, the values toRgba8
 * gives: grey spread to R, G and B, alpha dropped.
 */
export function rgba8InPlace(buffer: Uint8Array, n: number, channels: number): Uint8ClampedArray {
  if (buffer.length < n * 4) throw new RangeError('rgba8InPlace: no room for RGBA');
  const b = buffer;
  if (channels === 4) {
    for (let i = 3; i < n * 4; i += 4) b[i] = 255;
  } else if (channels === 3) {
    // Last pixel first: pixel i is written from 4i on, past every sample of the pixels
    // before it (they end before 3i), and its own three are read before it is written.
    for (let i = n - 1, at = 3 * i; i >= 0; i--, at -= 3) {
      const red = b[at]!, green = b[at + 1]!, blue = b[at + 2]!;
      b[4 * i] = red; b[4 * i + 1] = green; b[4 * i + 2] = blue; b[4 * i + 3] = 255;
    }
  } else {
    // Grey, or grey and alpha: the same order, for the same reason.
    for (let i = n - 1, at = channels * i; i >= 0; i--, at -= channels) {
      const grey = b[at]!;
      b[4 * i] = grey; b[4 * i + 1] = grey; b[4 * i + 2] = grey; b[4 * i + 3] = 255;
    }
  }
  return new Uint8ClampedArray(b.buffer, b.byteOffset, n * 4);
}

// The pipeline worker's first PNG decoder: the browser's own (WebCodecs ImageDecoder, in
// a worker's secure context), which undoes the scanline filters in native code. With
// Paeth on every row, as libpng-based software writes them, the JS unfiltering of
// decodePngFast took 126 ms of a 2048x1536 RGB PNG's 348 ms in the worker.
//
// It takes only what decodePngFast takes at 8 bits (plainLayout: CRCs right, no palette,
// no tRNS, no interlacing, nothing fast-png would refuse) and still inflates the image
// data once with the platform's zlib beside the decoder, counting only: a stream that is
// a bomb, short or damaged closes the decoder and returns null, so the file goes on to
// decodePngFast and the reference path, which decode or name it exactly as the CLI does.
// Colour profiles and gamma are ignored (colorSpaceConversion 'none'), as fast-png
// ignores them; a translucent pixel (whose colour the browser premultiplies) sends the
// image to decodePngFast too. The pixels are fast-png's: e2e/crops.spec.ts compares the
// browser's crops with the CLI's, pixel for pixel.
import { inflatesToExactly } from './inflate-stream';
import { expectedInflatedBytes } from './png-bounds';
import { plainLayout } from './png-fast';

/** Colour types whose alpha the browser might have applied: grey and RGB with alpha. */
const WITH_ALPHA = new Set([4, 6]);

/** The decoded image as opaque RGBA, or null where decodePngFast must decide (see the file comment). */
export async function decodePngNative(bytes: Uint8Array, maxMegapixels: number): Promise<{ width: number; height: number; data: Uint8ClampedArray; notes: string[] } | null> {
  if (typeof ImageDecoder !== 'function' || typeof DecompressionStream !== 'function') return null;
  const layout = plainLayout(bytes);
  if (!layout || layout.header.depth !== 8) return null;
  const { width, height, colourType } = layout.header;
  if (width * height > maxMegapixels * 1e6) return null;
  let decoder: ImageDecoder;
  try {
    decoder = new ImageDecoder({ data: bytes, type: 'image/png', colorSpaceConversion: 'none' });
  } catch {
    return null;
  }
  // The decoder works on its own thread while this one inflates: a bad verdict closes it.
  let closed = false;
  const close = () => {
    if (!closed) decoder.close();
    closed = true;
  };
  const checked = inflatesToExactly(layout.imageData, expectedInflatedBytes(layout.header)).then((verdict) => {
    if (!verdict.ok) close();
    return verdict.ok;
  });
  const pixels = opaquePixels(decoder, width, height, WITH_ALPHA.has(colourType)).catch(() => null);
  const [ok, data] = await Promise.all([checked, pixels]);
  close();
  return ok && data ? { width, height, data, notes: [] } : null;
}

/** The decoder's first frame as RGBA, or null when its size is not the header's or, `checkAlpha`, a pixel is translucent. */
async function opaquePixels(decoder: ImageDecoder, width: number, height: number, checkAlpha: boolean): Promise<Uint8ClampedArray | null> {
  const { image } = await decoder.decode();
  try {
    if (image.codedWidth !== width || image.codedHeight !== height) return null;
    const data = new Uint8ClampedArray(width * height * 4);
    await image.copyTo(data, { format: 'RGBA' });
    if (checkAlpha) {
      // One word per pixel, alpha in its top byte (little-endian, as every browser is): opaque is >= 0xff000000.
      const words = new Uint32Array(data.buffer, data.byteOffset, width * height);
      for (let i = 0; i < words.length; i++) if (words[i]! < 0xff000000) return null;
    }
    return data;
  } finally {
    image.close();
  }
}

// Cross-host determinism check: one small phantom that exercises every
// nuisance (JPEG included), and the sha256 of its RGBA pixels as rendered in
// Node. The browser test renders the same options and must get the same hash.
import type { RgbaImage } from '../../lib/types';
import type { PhantomOptions } from './types';

export const REFERENCE_PHANTOM_OPTIONS: PhantomOptions = {
  seed: 'blastograde-reference-1',
  grades: { expansion: 5, icm: 'A', te: 'B' },
  nuisance: { preset: 'high', neighbours: 1, debris: 12, border: 0.02, scaleBar: true, tint: 'pcrm', jpegQuality: 60 },
  width: 160,
  height: 120,
};

/** sha256 (hex) of REFERENCE_PHANTOM_OPTIONS' RGBA pixels, rendered in Node 20. */
export const REFERENCE_PHANTOM_SHA256 = '07b6a7dd0b24f62fd3da256440dd6e452ca591052e81331fbc934cb0c36949f0';

/** sha256 (hex) of an image's RGBA bytes, with WebCrypto (Node >= 20 and browsers). */
export async function pixelsSha256(image: RgbaImage): Promise<string> {
  const bytes = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes.slice());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

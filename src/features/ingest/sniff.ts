// Identifies a file by its first bytes, never by its extension: a text file
// renamed .png must be caught here.
export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'tiff';

export type SniffResult =
  | { kind: 'image'; format: ImageFormat }
  | { kind: 'unsupported-image'; format: string }
  | { kind: 'not-image' };

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', format: 'png' };
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 26) return { kind: 'image', format: 'bmp' };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) {
    return { kind: 'image', format: 'tiff' };
  }
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) {
    return { kind: 'unsupported-image', format: 'BigTIFF' };
  }
  if (startsWith(bytes, ascii('GIF8'))) return { kind: 'unsupported-image', format: 'GIF' };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { kind: 'unsupported-image', format: 'WebP' };
  if (startsWith(bytes, ascii('ftyp'), 4)) return { kind: 'unsupported-image', format: 'HEIC/AVIF' };
  return { kind: 'not-image' };
}

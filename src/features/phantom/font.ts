// A 5x7 pixel font for the scale-bar text and contact-sheet labels: drawn
// from bitmaps so no host font or canvas is involved (same pixels everywhere).
const GLYPHS: Record<string, string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  u: ['00000', '00000', '10001', '10001', '10001', '10011', '01101'],
  m: ['00000', '00000', '11010', '10101', '10101', '10001', '10001'],
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Draws text with its top-left at (x, y), each font pixel a scale x scale square; unknown characters are skipped. */
export function drawText(rgba: Uint8ClampedArray, width: number, height: number, text: string, x: number, y: number, scale: number, color: readonly [number, number, number]): void {
  let penX = x;
  for (const ch of text) {
    const glyph = GLYPHS[ch];
    if (glyph) {
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (glyph[gy][gx] !== '1') continue;
          fillRect(rgba, width, height, penX + gx * scale, y + gy * scale, scale, scale, color);
        }
      }
    }
    penX += (GLYPH_WIDTH + 1) * scale;
  }
}

export function textWidth(text: string, scale: number): number {
  return text.length * (GLYPH_WIDTH + 1) * scale - scale;
}

export function fillRect(rgba: Uint8ClampedArray, width: number, height: number, x: number, y: number, w: number, h: number, color: readonly [number, number, number]): void {
  const xa = Math.max(0, Math.round(x));
  const ya = Math.max(0, Math.round(y));
  const xb = Math.min(width, Math.round(x + w));
  const yb = Math.min(height, Math.round(y + h));
  for (let yy = ya; yy < yb; yy++) {
    for (let xx = xa; xx < xb; xx++) {
      const i = (yy * width + xx) * 4;
      rgba[i] = color[0];
      rgba[i + 1] = color[1];
      rgba[i + 2] = color[2];
      rgba[i + 3] = 255;
    }
  }
}

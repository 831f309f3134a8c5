import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { textSanitiser, wrapText } from './pdf-text';

const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);

describe('textSanitiser', () => {
  const clean = textSanitiser(font);

  it('keeps WinAnsi text, including accents, dashes and the euro sign', () => {
    expect(clean('Zürich – 4AB — 5 € · µm')).toBe('Zürich – 4AB — 5 € · µm');
  });

  it('replaces what WinAnsi cannot encode instead of throwing', () => {
    expect(clean('≥ 3 → ok ✓')).toBe('>= 3 -> ok v');
    expect(clean('Łódź')).toBe('?ódz'); // Ł has no decomposition; ó is WinAnsi; ź decomposes to z
    expect(clean('日本 🙂')).toBe('?? ?');
    expect(clean('a\tb\r\nc\u200Bd')).toBe('a b cd');
    expect(() => font.encodeText(clean('日本 ≥ ✓ 🙂 Ł'))).not.toThrow();
  });
});

describe('wrapText', () => {
  const width = font.widthOfTextAtSize('0123456789', 8);

  it('wraps words to the width and breaks words longer than a line', () => {
    const lines = wrapText(['aaa bbb ccc', 'x'.repeat(40)], font, 8, width);
    for (const line of lines) expect(font.widthOfTextAtSize(line, 8)).toBeLessThanOrEqual(width);
    expect(lines.join('').replace(/ /g, '')).toBe('aaabbbccc' + 'x'.repeat(40));
    expect(lines[0]).toBe('aaa bbb ccc');
    expect(lines.length).toBeGreaterThanOrEqual(5); // 40 x's need at least four lines of their own
  });

  it('stops at maxLines with an ellipsis', () => {
    const lines = wrapText(['one two three four five six seven eight nine ten'], font, 8, width, 2);
    expect(lines).toHaveLength(2);
    expect(lines[1].endsWith('…')).toBe(true);
    expect(font.widthOfTextAtSize(lines[1], 8)).toBeLessThanOrEqual(width);
  });
});

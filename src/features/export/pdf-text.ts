// Text helpers for the PDF: the standard fonts only encode WinAnsi (CP1252), and
// pdf-lib throws on anything else, so text is made encodable first, and wrapped
// to column widths.
import type { PDFFont } from 'pdf-lib';

/** Common characters outside WinAnsi with a readable stand-in. */
const STAND_INS: Record<string, string> = {
  '≥': '>=', '≤': '<=', '→': '->', '←': '<-', '≠': '!=', '×': 'x', '−': '-', 'μ': 'µ', '✓': 'v', '\u00A0': ' ',
};

export type TextSanitiser = (text: string) => string;

/** Returns a function that keeps what the font encodes, strips accents it cannot show, and writes "?" for the rest. */
export function textSanitiser(font: PDFFont): TextSanitiser {
  const supported = new Set(font.getCharacterSet());
  const encodable = (ch: string) => supported.has(ch.codePointAt(0)!);
  return (text) =>
    Array.from(text.replace(/[\t\r\n\f\v]+/g, ' '), (ch) => {
      if (encodable(ch)) return ch;
      const standIn = STAND_INS[ch];
      if (standIn !== undefined && Array.from(standIn).every(encodable)) return standIn;
      const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      if (base && base !== ch && Array.from(base).every(encodable)) return base;
      return /\p{Cc}|\p{Cf}/u.test(ch) ? '' : '?';
    }).join('');
}

/**
 * Word-wraps already-sanitised paragraphs to `width` points; words longer than a
 * line are broken. Stops at `maxLines`, ending the last kept line with an ellipsis.
 */
export function wrapText(paragraphs: string[], font: PDFFont, size: number, width: number, maxLines = Infinity): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (!fits(rest)) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut))) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    if (line) lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1];
  while (last && !fits(`${last}…`)) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}…`;
  return kept;
}

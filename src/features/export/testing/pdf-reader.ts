// Reads a PDF back with pdfjs (tests only): text lines per page, and image draws.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdfjs reads the standard-font metrics from its own package in Node.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts') + '/';

export interface PdfPageText {
  /** Text items joined per baseline, top to bottom, items left to right separated by " | ". */
  lines: string[];
  images: number;
}

export async function readPdf(bytes: Uint8Array): Promise<PdfPageText[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages: PdfPageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const byY = new Map<number, Array<{ x: number; s: string }>>();
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const y = Math.round(item.transform[5]);
      byY.set(y, [...(byY.get(y) ?? []), { x: item.transform[4], s: item.str }]);
    }
    const lines = [...byY.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.s).join(' | '));
    const ops = await page.getOperatorList();
    const images = ops.fnArray.filter((f) => f === OPS.paintImageXObject || f === OPS.paintInlineImageXObject).length;
    pages.push({ lines, images });
  }
  await doc.destroy();
  return pages;
}

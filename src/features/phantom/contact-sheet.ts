// A grid of thumbnails with a short label under each: the CLI's at-a-glance
// view of a generated set, and the docs figure's layout.
import type { RgbaImage } from '../../lib/types';
import { drawText, fillRect, GLYPH_HEIGHT } from './font';

/** Area-average downscale (each output pixel averages the source pixels it covers). */
export function downscale(image: RgbaImage, width: number, height: number): RgbaImage {
  const out = new Uint8ClampedArray(width * height * 4);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const ya = Math.floor(y * sy);
    const yb = Math.max(ya + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const xa = Math.floor(x * sx);
      const xb = Math.max(xa + 1, Math.floor((x + 1) * sx));
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let yy = ya; yy < yb; yy++) {
        let i = (yy * image.width + xa) * 4;
        for (let xx = xa; xx < xb; xx++, i += 4) {
          r += image.data[i];
          g += image.data[i + 1];
          b += image.data[i + 2];
          a += image.data[i + 3];
        }
      }
      const n = (yb - ya) * (xb - xa);
      const o = (y * width + x) * 4;
      out[o] = r / n + 0.5;
      out[o + 1] = g / n + 0.5;
      out[o + 2] = b / n + 0.5;
      out[o + 3] = a / n + 0.5;
    }
  }
  return { width, height, data: out };
}

/** Fits the image into a box, keeping its aspect ratio. */
export function fitInto(image: RgbaImage, boxWidth: number, boxHeight: number): RgbaImage {
  const scale = Math.min(boxWidth / image.width, boxHeight / image.height);
  return downscale(image, Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale)));
}

export function blit(target: RgbaImage, source: RgbaImage, left: number, top: number): void {
  for (let y = 0; y < source.height; y++) {
    const ty = top + y;
    if (ty < 0 || ty >= target.height) continue;
    for (let x = 0; x < source.width; x++) {
      const tx = left + x;
      if (tx < 0 || tx >= target.width) continue;
      const s = (y * source.width + x) * 4;
      const t = (ty * target.width + tx) * 4;
      target.data[t] = source.data[s];
      target.data[t + 1] = source.data[s + 1];
      target.data[t + 2] = source.data[s + 2];
      target.data[t + 3] = 255;
    }
  }
}

export interface ContactSheetOptions {
  columns?: number;
  cellWidth?: number;
  cellHeight?: number;
}

/** Thumbnails in a grid on a dark background, each with its label (digits, A-C, "u", "m", "-") underneath. */
export function contactSheet(images: RgbaImage[], labels: string[], options: ContactSheetOptions = {}): RgbaImage {
  const columns = Math.max(1, Math.min(options.columns ?? 8, images.length));
  const cellW = options.cellWidth ?? 160;
  const cellH = options.cellHeight ?? 120;
  const gap = 4;
  const labelH = GLYPH_HEIGHT * 2 + 4;
  const rows = Math.max(1, Math.ceil(images.length / columns));
  const width = columns * (cellW + gap) + gap;
  const height = rows * (cellH + labelH + gap) + gap;
  const sheet: RgbaImage = { width, height, data: new Uint8ClampedArray(width * height * 4) };
  fillRect(sheet.data, width, height, 0, 0, width, height, [24, 24, 24]);
  images.forEach((image, k) => {
    const left = gap + (k % columns) * (cellW + gap);
    const top = gap + Math.floor(k / columns) * (cellH + labelH + gap);
    const thumb = fitInto(image, cellW, cellH);
    blit(sheet, thumb, left + Math.floor((cellW - thumb.width) / 2), top + Math.floor((cellH - thumb.height) / 2));
    drawText(sheet.data, width, height, labels[k] ?? '', left + 2, top + cellH + 2, 2, [235, 235, 235]);
  });
  return sheet;
}

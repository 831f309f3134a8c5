// Writes docs/crops.png: every real test image from ../shared/data with its fitted
// ellipse (red) and crop square (blue). Run: npx tsx scripts/make-crops-figure.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../src/features/ingest';
import { loadOpenCv, locateEmbryo } from '../src/features/preprocess';
import { encodePngRgba } from '../src/lib/image/png';
import { hasSharedData, repoRoot, sharedDataPath } from '../src/lib/testing/shared-data';

if (!hasSharedData) {
  console.error('../shared/data not found: cannot draw the figure');
  process.exit(1);
}
const folders = ['real/pcrm-lockhart/input', 'real/pcrm-saeedi/images', 'real/blastscoringnet'];
const files = folders.flatMap((f) => readdirSync(sharedDataPath(f)).sort().map((n) => sharedDataPath(f, n)));
const cv = await loadOpenCv();
const TILE = 240;
const COLUMNS = 5;
const rows = Math.ceil(files.length / COLUMNS);
const sheet = new cv.Mat(rows * TILE, COLUMNS * TILE, cv.CV_8UC4, new cv.Scalar(255, 255, 255, 255));
files.forEach((file, index) => {
  const image = decodeImage(new Uint8Array(readFileSync(file)));
  const result = locateEmbryo(cv, image);
  // Draw on a canvas padded by half the image so crops past the border stay visible.
  const padX = Math.round(image.width / 4);
  const padY = Math.round(image.height / 4);
  const src = new cv.Mat(image.height, image.width, cv.CV_8UC4);
  src.data.set(image.data);
  const canvas = new cv.Mat();
  cv.copyMakeBorder(src, canvas, padY, padY, padX, padX, cv.BORDER_CONSTANT, new cv.Scalar(255, 255, 255, 255));
  const thickness = Math.max(2, Math.round(image.width / 200));
  if (result.ok) {
    const e = result.ellipse;
    cv.ellipse(canvas, new cv.Point(e.cx + padX, e.cy + padY), new cv.Size(e.rx, e.ry), e.angleDeg, 0, 360, new cv.Scalar(255, 0, 0, 255), thickness);
    const c = result.crop;
    cv.rectangle(canvas, new cv.Point(c.x + padX, c.y + padY), new cv.Point(c.x + c.size + padX, c.y + c.size + padY), new cv.Scalar(0, 0, 255, 255), thickness);
  } else {
    cv.putText(canvas, 'no embryo', new cv.Point(padX, padY), cv.FONT_HERSHEY_SIMPLEX, 1, new cv.Scalar(255, 0, 0, 255), 2);
  }
  const scale = Math.min(TILE / canvas.cols, TILE / canvas.rows);
  const tile = new cv.Mat();
  cv.resize(canvas, tile, new cv.Size(Math.round(canvas.cols * scale), Math.round(canvas.rows * scale)), 0, 0, cv.INTER_AREA);
  const x = (index % COLUMNS) * TILE;
  const y = Math.floor(index / COLUMNS) * TILE;
  const roi = sheet.roi(new cv.Rect(x, y, tile.cols, tile.rows));
  tile.copyTo(roi);
  [src, canvas, tile, roi].forEach((m) => m.delete());
  console.error(`${file}: ${result.ok ? `quality ${result.quality} ${result.warnings.join('; ')}` : result.error}`);
});
const out = join(repoRoot, 'docs/crops.png');
writeFileSync(out, encodePngRgba({ width: sheet.cols, height: sheet.rows, data: new Uint8ClampedArray(sheet.data) }));
sheet.delete();
console.error(`wrote ${out}`);

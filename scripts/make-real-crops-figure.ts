// Writes docs/real-crops.jpg: a contact sheet of the 200 real day-5 clinic images
// (../shared/data/real-signal/embryo-classification-d5, labelled and unlabelled), so a
// person can check every crop. Each tile: left, the image (grey margin where the crop
// leaves it) with the fitted ellipse (red) and crop square (blue); right, the crop as
// the model receives it. A label under the tile names the file and, in orange/red,
// any warning or failure. Thumbnails only: the images themselves stay out of the repository.
//   npx tsx scripts/make-real-crops-figure.ts [--out PATH] [--tile PX] [--columns N] [--quality Q] [files...]
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import jpeg from 'jpeg-js';
import { decodeImage } from '../src/features/ingest';
import { cropToInput, loadOpenCv, locateEmbryo } from '../src/features/preprocess';
import { encodePngRgba } from '../src/lib/image/png';
import { hasSharedData, repoRoot, sharedDataPath } from '../src/lib/testing/shared-data';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: join(repoRoot, 'docs/real-crops.jpg') }, tile: { type: 'string', default: '96' }, columns: { type: 'string', default: '8' }, quality: { type: 'string', default: '60' } },
});
if (!hasSharedData && positionals.length === 0) {
  console.error('../shared/data not found: cannot draw the figure');
  process.exit(1);
}
const SET = 'real-signal/embryo-classification-d5';
const files = positionals.length
  ? positionals
  : ['labelled', 'unlabelled'].flatMap((f) => readdirSync(sharedDataPath(SET, f)).filter((n) => n.endsWith('.jpg')).sort().map((n) => sharedDataPath(SET, f, n)));
const TILE = Number(values.tile);
const COLUMNS = Math.min(files.length, Number(values.columns));
const LABEL = 14;
const GAP = 4;
const cellWidth = 2 * TILE + GAP;
const cellHeight = TILE + LABEL + GAP;
const rows = Math.ceil(files.length / COLUMNS);

const cv = await loadOpenCv();
const white = new cv.Scalar(255, 255, 255, 255);
const sheet = new cv.Mat(rows * cellHeight, COLUMNS * cellWidth, cv.CV_8UC4, white);
const counts = { located: 0, warned: 0, failed: 0 };
files.forEach((file, index) => {
  const image = decodeImage(new Uint8Array(readFileSync(file)));
  const result = locateEmbryo(cv, image);
  const x = (index % COLUMNS) * cellWidth;
  const y = Math.floor(index / COLUMNS) * cellHeight;

  // Left: the whole image on a grey canvas large enough for the crop square.
  const crop = result.ok ? result.crop : { x: 0, y: 0, size: Math.max(image.width, image.height) };
  const left = Math.min(0, crop.x);
  const top = Math.min(0, crop.y);
  const right = Math.max(image.width, crop.x + crop.size);
  const bottom = Math.max(image.height, crop.y + crop.size);
  const src = new cv.Mat(image.height, image.width, cv.CV_8UC4);
  src.data.set(image.data);
  const canvas = new cv.Mat();
  cv.copyMakeBorder(src, canvas, -top, bottom - image.height, -left, right - image.width, cv.BORDER_CONSTANT, new cv.Scalar(160, 160, 160, 255));
  const thickness = Math.max(2, Math.round(Math.max(canvas.cols, canvas.rows) / 100));
  if (result.ok) {
    const e = result.ellipse;
    cv.ellipse(canvas, new cv.Point(e.cx - left, e.cy - top), new cv.Size(e.rx, e.ry), e.angleDeg, 0, 360, new cv.Scalar(255, 0, 0, 255), thickness);
    cv.rectangle(canvas, new cv.Point(crop.x - left, crop.y - top), new cv.Point(crop.x + crop.size - left, crop.y + crop.size - top), new cv.Scalar(0, 90, 255, 255), thickness);
  }
  paste(canvas, x, y);
  [src, canvas].forEach((m) => m.delete());

  // Right: the model's view of the crop.
  if (result.ok) {
    const input = cropToInput(image, result.crop, { size: [TILE, TILE], resize: 'bilinear' });
    const mat = new cv.Mat(TILE, TILE, cv.CV_8UC4);
    mat.data.set(input.data);
    paste(mat, x + TILE, y);
    mat.delete();
  }

  const status = !result.ok ? 'failed' : result.warnings.length ? 'warned' : 'located';
  counts[status === 'failed' ? 'failed' : 'located']++;
  if (status === 'warned') counts.warned++;
  const colour = status === 'failed' ? new cv.Scalar(220, 0, 0, 255) : status === 'warned' ? new cv.Scalar(220, 110, 0, 255) : new cv.Scalar(0, 0, 0, 255);
  const text = `${basename(dirname(file))[0]}/${basename(file, '.jpg')} ${status === 'failed' ? 'FAILED' : status === 'warned' ? shortWarnings(result.warnings) : ''}`;
  cv.putText(sheet, text, new cv.Point(x + 2, y + TILE + LABEL - 4), cv.FONT_HERSHEY_PLAIN, 0.8, colour, 1);
  console.error(`${file}: ${result.ok ? `quality ${result.quality}${result.warnings.length ? ` (${result.warnings.join('; ')})` : ''}` : result.error}`);
});
const pixels = { width: sheet.cols, height: sheet.rows, data: new Uint8ClampedArray(sheet.data) };
// JPEG keeps 200 photographic tiles near 1 MB (quality 60 still shows the zona and cells); PNG when asked for (lossless, several times larger).
const data = values.out!.endsWith('.png') ? encodePngRgba(pixels) : jpeg.encode({ ...pixels, data: Buffer.from(pixels.data) }, Number(values.quality)).data;
writeFileSync(values.out!, data);
sheet.delete();
console.error(`wrote ${values.out} (${Math.round(data.length / 1024)} KiB): ${files.length} images, ${counts.located} located (${counts.warned} with warnings), ${counts.failed} not located`);

/** Resizes `mat` to fit a TILE square and copies it onto the sheet at (x, y). */
function paste(mat: InstanceType<typeof cv.Mat>, x: number, y: number) {
  const scale = Math.min(TILE / mat.cols, TILE / mat.rows);
  const tile = new cv.Mat();
  cv.resize(mat, tile, new cv.Size(Math.max(1, Math.round(mat.cols * scale)), Math.max(1, Math.round(mat.rows * scale))), 0, 0, cv.INTER_AREA);
  const roi = sheet.roi(new cv.Rect(x, y, tile.cols, tile.rows));
  tile.copyTo(roi);
  [tile, roi].forEach((m) => m.delete());
}

/** A few letters per warning, so the label fits under the tile (the full text goes to stderr). */
function shortWarnings(warnings: string[]): string {
  return warnings
    .map((w) => (w.startsWith('embryo touches') ? 'edge' : w.startsWith('embryo cut') ? 'cut' : w.startsWith('embryo outline uncertain') ? 'outline?' : w.startsWith('low contrast') ? 'faint' : w.startsWith('out of focus') ? 'blur' : w.includes('second complete embryo') || w.includes('several embryo') ? '2 embryos' : 'warn'))
    .join(',');
}

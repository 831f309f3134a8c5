// Step 1: frame removal. Microscope captures often carry a uniform black (or
// white, or grey canvas) border of any width. Walking in from each side, a row or
// column belongs to the frame while it is (a) nearly uniform and (b) of the same
// level as the outermost line, or (c) almost black / almost white. Nothing is
// hard-coded: the border may be 0 px or a quarter of the image.
import type { GrayImage, Rect } from './types';

/** Lines whose spread (p95 - p5) is below this are "uniform". JPEG ringing stays under it. */
const UNIFORM_SPREAD = 6;
/** A uniform line joins the frame only if its level is this close to the outermost line's. */
const SAME_LEVEL = 8;
/** Black and white frame levels (8-bit grey). */
const DARK = 25;
const BRIGHT = 240;
/** Level difference between a grey canvas border and the scene inside it. */
const MIN_STEP = 3;
/** Never strip more than this fraction of the image on one side. */
const MAX_SIDE_FRACTION = 0.3;

export function findContentRect(gray: GrayImage): Rect {
  const { width, height } = gray;
  const row = (y: number) => lineStats(gray, 0, y, 1, 0, width);
  const col = (x: number) => lineStats(gray, x, 0, 0, 1, height);
  const top = frameDepth(row, 0, 1, height);
  const bottom = frameDepth(row, height - 1, -1, height);
  const left = frameDepth(col, 0, 1, width);
  const right = frameDepth(col, width - 1, -1, width);
  return { x0: left, y0: top, x1: width - right, y1: height - bottom };
}

interface LineStats {
  median: number;
  spread: number;
}

function frameDepth(stats: (i: number) => LineStats, start: number, step: number, length: number): number {
  const limit = Math.floor(length * MAX_SIDE_FRACTION);
  const outer = stats(start);
  if (!isFrameLine(outer, outer)) return 0;
  let depth = 0;
  while (depth < limit && isFrameLine(stats(start + depth * step), outer)) depth++;
  if (depth >= limit) return depth;
  // A smooth background is uniform too: only a level step into the content, or a
  // black/white border, makes these lines a frame rather than part of the scene.
  const inner = stats(start + depth * step);
  const extreme = outer.median <= DARK || outer.median >= BRIGHT;
  // A perfectly flat line is a synthetic canvas (no sensor is that quiet).
  const flat = outer.spread === 0;
  return extreme || flat || Math.abs(inner.median - outer.median) >= MIN_STEP ? depth : 0;
}

function isFrameLine(line: LineStats, outer: LineStats): boolean {
  const uniform = line.spread <= UNIFORM_SPREAD;
  const extreme = (line.median <= DARK || line.median >= BRIGHT) && line.spread <= 3 * UNIFORM_SPREAD;
  return (uniform && Math.abs(line.median - outer.median) <= SAME_LEVEL) || (extreme && Math.abs(line.median - outer.median) <= SAME_LEVEL);
}

/** Median and p5..p95 spread of the pixels on one row or column (histogram, O(n)). */
function lineStats(gray: GrayImage, x: number, y: number, dx: number, dy: number, n: number): LineStats {
  const histogram = new Uint32Array(256);
  for (let i = 0; i < n; i++) histogram[gray.data[(y + i * dy) * gray.width + x + i * dx]]++;
  return { median: percentile(histogram, n, 0.5), spread: percentile(histogram, n, 0.95) - percentile(histogram, n, 0.05) };
}

function percentile(histogram: Uint32Array, n: number, q: number): number {
  const target = q * (n - 1);
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen > target) return v;
  }
  return 255;
}

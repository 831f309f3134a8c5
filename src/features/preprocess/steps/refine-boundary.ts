// Step 3c: find the embryo's OUTER outline (the zona's outer edge) around the
// coarse ellipse. The Sobel mask locks onto the sharpest ring, which is often the
// trophectoderm; a thick, blurred zona only shows as a band of faint texture
// outside it. Along rays from the coarse centre we average the gradient magnitude
// over neighbouring rays (a ~10 degree sector), which lifts that texture well above
// the background, then walk outward from the strongest edge through everything
// above the background level and keep the last gradient peak before the texture ends.
import type { Ellipse } from '../../../lib/types';
import { ellipsePoint } from './fit-ellipse';
import type { FloatImage, Point, Rect } from './types';

export const RAYS = 180;
const S_MIN = 0.6;
const S_MAX = 1.7;
/** The strongest edge is searched for in this band of the coarse ellipse... */
const PEAK_BAND: [number, number] = [0.7, 1.35];
/** ...and the background level measured beyond this. */
const BACKGROUND_FROM = 1.45;
/** Rays averaged on each side (sector of (2*SECTOR+1)*2 degrees). */
const SECTOR = 2;
/** A run of sub-threshold samples this long (share of the radius) ends the texture. */
const GAP = 0.04;
/** The zona is at most this thick (share of the radius): texture running further out is haze, cumulus or a neighbour. */
const MAX_WALK = 0.3;
/**
 * ...but the walk always reaches this far (scale of the coarse ellipse, which is
 * the filled edge region's hull): when the strongest edge is the cells' membrane
 * deep inside a thick zona and perivitelline gap, the outer edge can lie more than
 * MAX_WALK beyond it while still inside the coarse outline.
 */
const MIN_WALK_TO = 1.05;

export interface BoundaryProfile {
  /** Boundary points in working pixels (one per ray where one was found). */
  points: Point[];
  /** Background gradient level and its robust spread (angular-averaged units). */
  background: number;
  backgroundSpread: number;
  threshold: number;
  /** Median of the per-ray strongest-edge values. */
  edgeStrength: number;
  /** Share of rays whose walk stayed inside the image. */
  raysInside: number;
}

export function refineBoundary(magnitude: FloatImage, coarse: Ellipse, content: Rect): BoundaryProfile {
  const radius = Math.max(coarse.rx, coarse.ry);
  const step = 1 / Math.max(8, radius);
  const samples = Math.floor((S_MAX - S_MIN) / step) + 1;
  const raw = new Float32Array(RAYS * samples).fill(Number.NaN);
  for (let k = 0; k < RAYS; k++) {
    const t = (2 * Math.PI * k) / RAYS;
    for (let j = 0; j < samples; j++) {
      const p = ellipsePoint(coarse, t, S_MIN + j * step);
      raw[k * samples + j] = bilinear(magnitude, p, content);
    }
  }
  const profile = smoothAcrossRays(raw, samples);

  const backgroundValues: number[] = [];
  const from = Math.ceil((BACKGROUND_FROM - S_MIN) / step);
  for (let k = 0; k < RAYS; k++) for (let j = from; j < samples; j++) {
    const v = profile[k * samples + j];
    if (!Number.isNaN(v)) backgroundValues.push(v);
  }
  const { background, backgroundSpread } =
    backgroundValues.length >= RAYS * 2 ? robustLevel(backgroundValues) : robustLevel(backgroundOutside(magnitude, coarse, content));
  // 2.5 robust sigmas (or 30% of the level, for very clean images) above the background.
  const threshold = background + Math.max(2.5 * backgroundSpread, 0.3 * background, 1);

  const points: Point[] = [];
  const peaks: number[] = [];
  let raysInside = 0;
  const peakFrom = Math.round((PEAK_BAND[0] - S_MIN) / step);
  const peakTo = Math.round((PEAK_BAND[1] - S_MIN) / step);
  const gap = Math.max(2, Math.round(GAP / step));
  for (let k = 0; k < RAYS; k++) {
    const row = profile.subarray(k * samples, (k + 1) * samples);
    let jPeak = -1;
    for (let j = peakFrom; j <= peakTo; j++) if (!Number.isNaN(row[j]) && (jPeak < 0 || row[j] > row[jPeak])) jPeak = j;
    if (jPeak < 0 || row[jPeak] <= threshold) continue;
    peaks.push(row[jPeak]);
    let lastPeak = jPeak;
    let lastAbove = jPeak;
    let j = jPeak + 1;
    const walkEnd = Math.min(samples, Math.max(jPeak + Math.round(MAX_WALK / step), Math.round((MIN_WALK_TO - S_MIN) / step)));
    for (; j < walkEnd && !Number.isNaN(row[j]) && j - lastAbove <= gap; j++) {
      if (row[j] > threshold) {
        lastAbove = j;
        if (row[j] >= row[j - 1] && (j + 1 >= samples || !(row[j + 1] > row[j]))) lastPeak = j;
      }
    }
    const leftImage = j < samples && Number.isNaN(row[j]);
    if (!leftImage) raysInside++;
    // Rays that run into the frame, or past any plausible zona, while still in texture give no outline point.
    if ((leftImage || j >= walkEnd) && j - lastAbove <= gap) continue;
    points.push(ellipsePoint(coarse, (2 * Math.PI * k) / RAYS, S_MIN + lastPeak * step));
  }
  return { points, background, backgroundSpread, threshold, edgeStrength: peaks.length ? median(peaks) : 0, raysInside: raysInside / RAYS };
}

/** Gradient values in the content area outside the coarse ellipse grown by 15% (when the rays cannot reach background). */
function backgroundOutside(magnitude: FloatImage, coarse: Ellipse, content: Rect): number[] {
  const values: number[] = [];
  const phi = (coarse.angleDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const stride = Math.max(1, Math.floor(Math.sqrt(((content.x1 - content.x0) * (content.y1 - content.y0)) / 40000)));
  for (let y = Math.ceil(content.y0); y < content.y1; y += stride) {
    for (let x = Math.ceil(content.x0); x < content.x1; x += stride) {
      const dx = x - coarse.cx;
      const dy = y - coarse.cy;
      const u = (dx * cos + dy * sin) / (1.15 * coarse.rx);
      const v = (-dx * sin + dy * cos) / (1.15 * coarse.ry);
      if (u * u + v * v > 1) values.push(magnitude.data[y * magnitude.width + x]);
    }
  }
  if (values.length >= 200) return values;
  // The embryo fills the picture: the quietest tenth of it stands in for background.
  const all: number[] = [];
  for (let y = Math.ceil(content.y0); y < content.y1; y += stride) for (let x = Math.ceil(content.x0); x < content.x1; x += stride) all.push(magnitude.data[y * magnitude.width + x]);
  all.sort((a, b) => a - b);
  return all.slice(0, Math.max(1, Math.floor(all.length / 10)));
}

/** Median and MAD-based spread. */
function robustLevel(values: number[]): { background: number; backgroundSpread: number } {
  const background = median(values);
  return { background, backgroundSpread: 1.4826 * median(values.map((v) => Math.abs(v - background))) };
}

function smoothAcrossRays(raw: Float32Array, samples: number): Float32Array {
  const out = new Float32Array(raw.length);
  for (let k = 0; k < RAYS; k++) {
    for (let j = 0; j < samples; j++) {
      let sum = 0;
      let count = 0;
      for (let d = -SECTOR; d <= SECTOR; d++) {
        const v = raw[((k + d + RAYS) % RAYS) * samples + j];
        if (!Number.isNaN(v)) {
          sum += v;
          count++;
        }
      }
      // A sample outside the image stays outside, so the walk stops at the frame.
      out[k * samples + j] = Number.isNaN(raw[k * samples + j]) || count === 0 ? Number.NaN : sum / count;
    }
  }
  return out;
}

function bilinear(image: FloatImage, p: Point, content: Rect): number {
  if (p.x < content.x0 || p.y < content.y0 || p.x > content.x1 - 1 || p.y > content.y1 - 1) return Number.NaN;
  const x0 = Math.min(image.width - 2, Math.max(0, Math.floor(p.x)));
  const y0 = Math.min(image.height - 2, Math.max(0, Math.floor(p.y)));
  const fx = p.x - x0;
  const fy = p.y - y0;
  const i = y0 * image.width + x0;
  const d = image.data;
  return (d[i] * (1 - fx) + d[i + 1] * fx) * (1 - fy) + (d[i + image.width] * (1 - fx) + d[i + image.width + 1] * fx) * fy;
}

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

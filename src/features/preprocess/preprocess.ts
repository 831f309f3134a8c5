// locateEmbryo: the composition of the pipeline steps (frame -> overlay -> edge
// mask -> embryo choice -> outer outline -> ellipse -> crop -> quality).
import type { CropBox, Ellipse, RgbaImage } from '../../lib/types';
import type { CV } from './load-opencv';
import { edgeMask, gradientMagnitude, percentile } from './steps/edge-mask';
import { fitEllipse, fitEllipseRobust } from './steps/fit-ellipse';
import { assessQuality } from './steps/quality';
import { refineBoundary } from './steps/refine-boundary';
import { findContentRect } from './steps/remove-frame';
import { findOverlayMask, inpaintOverlay } from './steps/remove-overlay';
import { selectEmbryo } from './steps/select-embryo';
import { DEFAULT_MARGIN, squareCrop } from './steps/square-crop';
import type { Point, Rect } from './steps/types';
import { toWorkingGray } from './steps/working-image';

export const NO_EMBRYO = 'no embryo found';

/** Gaussian pre-blur (working pixels) of the retry when noise hides the embryo. */
const NOISY_SIGMA = 2.5;
/** lockedOnInnerRing: hull ellipticity, size ratio (refined / coarse, geometric mean radius) and centre shift (share of radius). */
const LOCK_ELLIPTICITY = 0.95;
const LOCK_RATIO = 0.9;
const LOCK_SHIFT = 0.15;
/** Smallest refined / coarse size ratio (down to 0.55: the coarse region may have swallowed an empty zona or a neighbour touching the embryo)... */
const MIN_RATIO = 0.55;
/** ...but for an outline this much (share) outside the frame, the completed coarse size (geometric mean radius) holds within this ratio. */
const CUT_OUTSIDE = 0.2;
const CUT_MIN_RATIO = 0.65;

export type Localisation =
  | { ok: true; ellipse: Ellipse; crop: CropBox; quality: number; warnings: string[] }
  | { ok: false; error: string; warnings: string[] };

export interface LocateOptions {
  /** Crop side = major axis x (1 + margin). Default DEFAULT_MARGIN. */
  margin?: number;
}

/** Smallest image side the pipeline accepts. */
const MIN_SIDE = 32;
/** 99.5th-percentile gradient below this (8-bit grey units, Sobel 3x3) means nothing is imaged. */
const MIN_EDGE_LEVEL = 12;

/** Intermediate results, in working pixels, for diagnostics and figures. */
export interface LocalisationTrace {
  scale?: number;
  content?: Rect;
  coarse?: Ellipse;
  boundary?: Point[];
  inliers?: Point[];
  threshold?: number;
  background?: number;
  measures?: Record<string, number>;
}

export function locateEmbryo(cv: CV, image: RgbaImage, options: LocateOptions = {}, trace: LocalisationTrace = {}): Localisation {
  const margin = options.margin ?? DEFAULT_MARGIN;
  const warnings: string[] = [];
  if (image.width < MIN_SIDE || image.height < MIN_SIDE) {
    return { ok: false, error: `${NO_EMBRYO}: image is ${image.width}x${image.height} px, too small to hold an embryo (minimum ${MIN_SIDE}x${MIN_SIDE})`, warnings };
  }
  const { gray, scale } = toWorkingGray(cv, image);
  const content = findContentRect(gray);
  Object.assign(trace, { scale, content });
  const contentWidth = content.x1 - content.x0;
  const contentHeight = content.y1 - content.y0;
  if (contentWidth < MIN_SIDE * scale || contentHeight < MIN_SIDE * scale || contentWidth * contentHeight < 0.1 * gray.width * gray.height) {
    return { ok: false, error: `${NO_EMBRYO}: the image is blank (uniform)`, warnings };
  }
  const originalContent: Rect = { x0: content.x0 / scale, y0: content.y0 / scale, x1: content.x1 / scale, y1: content.y1 / scale };
  const overlay = findOverlayMask(image, scale, gray.width, gray.height, roundRect(originalContent));
  inpaintOverlay(cv, gray, overlay);

  let magnitude = gradientMagnitude(cv, gray, content);
  if (percentile(magnitude.data, 0.995) < MIN_EDGE_LEVEL) {
    return { ok: false, error: `${NO_EMBRYO}: the image has no visible structure (blank or extremely low contrast)`, warnings };
  }
  let selection = selectEmbryo(cv, edgeMask(cv, magnitude).mask, content);
  if (!selection.chosen) {
    // Sensor noise can swamp the Sobel edges everywhere: retry on a smoother gradient.
    magnitude = gradientMagnitude(cv, gray, content, NOISY_SIGMA);
    selection = selectEmbryo(cv, edgeMask(cv, magnitude).mask, content);
  }
  if (!selection.chosen) return { ok: false, error: NO_EMBRYO, warnings };
  // A region cut by the frame comes with its completed outline (the hull's straight sides along the frame are not the embryo's).
  const coarse = selection.chosen.completed ?? fitEllipse(cv, selection.chosen.hull);
  if (!coarse) return { ok: false, error: NO_EMBRYO, warnings };

  const inner: Rect = { x0: content.x0 + 3, y0: content.y0 + 3, x1: content.x1 - 3, y1: content.y1 - 3 };
  // Two passes: the second traces around the first outline, so rays are centred on the
  // embryo even when the coarse region included haze or debris.
  let profile = refineBoundary(magnitude, coarse, inner);
  // A coarse outline completed past the frame must keep its size: the rays only see the
  // visible part, and a fit to them alone can shrink onto the cells inside it.
  const cut = selection.chosen.outside > CUT_OUTSIDE;
  const plausibleRefinement = (c: Ellipse, r: Ellipse) => plausibleChange(c, r) && (!cut || Math.sqrt((r.rx * r.ry) / (c.rx * c.ry)) >= CUT_MIN_RATIO);
  let fit = fitEllipseRobust(cv, profile.points, coarse);
  if (fit && plausibleRefinement(coarse, fit.ellipse)) {
    const secondProfile = refineBoundary(magnitude, fit.ellipse, inner);
    const second = fitEllipseRobust(cv, secondProfile.points, fit.ellipse);
    // ...kept only when at least as well supported: around a good first outline the
    // second trace can stop short at the zona's inner edge and lose rays.
    if (second && plausibleRefinement(coarse, second.ellipse) && second.inliers.length >= fit.inliers.length) {
      profile = secondProfile;
      fit = second;
    }
  }
  Object.assign(trace, { coarse, boundary: profile.points, inliers: fit?.inliers, threshold: profile.threshold, background: profile.background });
  const refined = fit && plausibleRefinement(coarse, fit.ellipse) && !lockedOnInnerRing(coarse, fit.ellipse, selection.chosen.ellipticity) ? fit.ellipse : undefined;
  if (!refined) warnings.push('embryo outline uncertain: the outer zona edge could not be traced; the crop follows the strongest ring');
  const working = refined ?? coarse;

  const quality = assessQuality({ gray, content, magnitude, selection, profile, fit: refined ? fit : undefined, ellipse: working });
  trace.measures = quality.measures;
  if (quality.rejected) return { ok: false, error: `${NO_EMBRYO}: ${quality.rejected}`, warnings: [...warnings, ...quality.warnings] };
  warnings.push(...quality.warnings);

  const ellipse = toOriginal(working, scale);
  return { ok: true, ellipse, crop: squareCrop(ellipse, margin), quality: quality.score, warnings };
}

/** The refined outline must stay close to the coarse one: same embryo, similar size. */
function plausibleChange(coarse: Ellipse, refined: Ellipse): boolean {
  const coarseRadius = Math.max(coarse.rx, coarse.ry);
  const ratio = Math.max(refined.rx, refined.ry) / coarseRadius;
  const shift = Math.hypot(refined.cx - coarse.cx, refined.cy - coarse.cy) / coarseRadius;
  const aspect = Math.min(refined.rx, refined.ry) / Math.max(refined.rx, refined.ry);
  return ratio > MIN_RATIO && ratio < 1.6 && shift < 0.35 && aspect > 0.5;
}

/**
 * A clean, elliptical edge region concentric with a much smaller traced outline:
 * nothing merged into the region, so its hull is the zona's outer edge and the
 * tracer stopped at an inner ring (the cells, under a zona blurred below the
 * texture threshold). The coarse outline is then the better one.
 */
function lockedOnInnerRing(coarse: Ellipse, refined: Ellipse, ellipticity: number): boolean {
  const coarseRadius = Math.max(coarse.rx, coarse.ry);
  const ratio = Math.sqrt(refined.rx * refined.ry) / Math.sqrt(coarse.rx * coarse.ry);
  const shift = Math.hypot(refined.cx - coarse.cx, refined.cy - coarse.cy) / coarseRadius;
  return ellipticity >= LOCK_ELLIPTICITY && ratio < LOCK_RATIO && shift < LOCK_SHIFT;
}

function toOriginal(e: Ellipse, scale: number): Ellipse {
  // Pixel centres: working pixel i covers original [i/scale, (i+1)/scale).
  return { cx: (e.cx + 0.5) / scale - 0.5, cy: (e.cy + 0.5) / scale - 0.5, rx: e.rx / scale, ry: e.ry / scale, angleDeg: e.angleDeg };
}

function roundRect(r: Rect): Rect {
  return { x0: Math.floor(r.x0), y0: Math.floor(r.y0), x1: Math.ceil(r.x1), y1: Math.ceil(r.y1) };
}

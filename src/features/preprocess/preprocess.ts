// locateEmbryo: the composition of the pipeline steps (frame -> overlay -> edge
// mask -> embryo choice -> outer outline -> ellipse -> crop -> quality).
import type { CropBox, Ellipse, RgbaImage } from '../../lib/types';
import type { CV } from './load-opencv';
import { edgeMask, gradientMagnitude, percentile } from './steps/edge-mask';
import { exactGradientMagnitude } from './steps/exact-gradient';
import { fitEllipse, fitEllipseRobust, type EllipseFit } from './steps/fit-ellipse';
import { assessQuality } from './steps/quality';
import { RAYS, refineBoundary, type BoundaryProfile } from './steps/refine-boundary';
import { findContentRect } from './steps/remove-frame';
import { findOverlayMask, inpaintOverlay } from './steps/remove-overlay';
import { MAX_AREA_FRACTION, MIN_AREA_FRACTION, selectEmbryo } from './steps/select-embryo';
import { DEFAULT_MARGIN, squareCrop } from './steps/square-crop';
import type { FloatImage, Point, Rect } from './steps/types';
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
const MAX_RATIO = 1.6;
/** ...its centre within this share of the coarse radius, and its minor/major axis above this. */
const MAX_SHIFT = 0.35;
const MIN_REFINED_ASPECT = 0.5;
/**
 * A traced outline needs this many agreeing rays (of RAYS): five points pin an ellipse
 * exactly, so a fit through a handful follows their noise, and a clinic image was
 * cropped 13 % larger or not depending on a fifth point after a JPEG re-encode.
 */
const MIN_TRACED_INLIERS = 18;
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
  /** The traced outline (working pixels) and why it was not kept, if it was not. */
  refinement?: { fitted?: Ellipse; rejection?: string };
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

  let sigma = 1.0;
  let magnitude = gradientMagnitude(cv, gray, content, sigma);
  if (percentile(magnitude.data, 0.995) < MIN_EDGE_LEVEL) {
    return { ok: false, error: `${NO_EMBRYO}: the image has no visible structure (blank or extremely low contrast)`, warnings };
  }
  let selection = selectEmbryo(cv, edgeMask(cv, magnitude).mask, content);
  if (!selection.chosen) {
    // Sensor noise can swamp the Sobel edges everywhere: retry on a smoother gradient.
    sigma = NOISY_SIGMA;
    magnitude = gradientMagnitude(cv, gray, content, sigma);
    selection = selectEmbryo(cv, edgeMask(cv, magnitude).mask, content);
  }
  if (!selection.chosen) return { ok: false, error: `${NO_EMBRYO}: no closed outline covers between ${pct(MIN_AREA_FRACTION)} and ${pct(MAX_AREA_FRACTION)} of the picture`, warnings };
  // A region cut by the frame comes with its completed outline (the hull's straight sides along the frame are not the embryo's).
  const coarse = selection.chosen.completed ?? fitEllipse(cv, selection.chosen.hull);
  if (!coarse) return { ok: false, error: `${NO_EMBRYO}: no ellipse fits the chosen outline`, warnings };

  const inner: Rect = { x0: content.x0 + 3, y0: content.y0 + 3, x1: content.x1 - 3, y1: content.y1 - 3 };
  // A coarse outline completed past the frame must keep its size: the rays only see the
  // visible part, and a fit to them alone can shrink onto the cells inside it.
  const cut = selection.chosen.outside > CUT_OUTSIDE;
  // The outer-edge walk follows faint zona texture: it reads the gradient of the unrounded
  // blur, which a JPEG re-encode moves less (exact-gradient.ts).
  const traceMagnitude = exactGradientMagnitude(gray, content, sigma);
  const { profile, fit, rejection } = refineOutline(cv, traceMagnitude, coarse, inner, cut, selection.chosen.ellipticity);
  Object.assign(trace, { coarse, boundary: profile.points, inliers: fit?.inliers, threshold: profile.threshold, background: profile.background, refinement: { fitted: fit?.ellipse, rejection } });
  const refined = rejection ? undefined : fit!.ellipse;
  if (!refined) warnings.push(`embryo outline uncertain: the outer zona edge could not be traced (${rejection}); the crop follows the strongest ring`);
  const working = refined ?? coarse;

  const quality = assessQuality({ gray, content, magnitude, selection, profile, fit: refined ? fit : undefined, ellipse: working });
  trace.measures = quality.measures;
  if (quality.rejected) return { ok: false, error: `${NO_EMBRYO}: ${quality.rejected}`, warnings: [...warnings, ...quality.warnings] };
  warnings.push(...quality.warnings);

  const ellipse = toOriginal(working, scale);
  return { ok: true, ellipse, crop: squareCrop(ellipse, margin), quality: quality.score, warnings };
}

interface Refinement {
  profile: BoundaryProfile;
  fit?: EllipseFit;
  /** Why the traced outline was not kept (the coarse one is used); undefined when it was. */
  rejection?: string;
}

/**
 * Traces the outer outline around the coarse one, twice: the second trace is centred on
 * the first outline, so rays are centred on the embryo even when the coarse region
 * included haze or debris.
 */
function refineOutline(cv: CV, magnitude: FloatImage, coarse: Ellipse, inner: Rect, cut: boolean, ellipticity: number): Refinement {
  const check = (fit: EllipseFit | undefined) => refinementProblem(coarse, fit, cut);
  let profile = refineBoundary(magnitude, coarse, inner);
  let fit = fitEllipseRobust(cv, profile.points, coarse);
  if (!check(fit)) {
    const secondProfile = refineBoundary(magnitude, fit!.ellipse, inner);
    const second = fitEllipseRobust(cv, secondProfile.points, fit!.ellipse);
    // ...kept only when at least as well supported: around a good first outline the
    // second trace can stop short at the zona's inner edge and lose rays.
    if (!check(second) && second!.inliers.length >= fit!.inliers.length) {
      profile = secondProfile;
      fit = second;
    }
  }
  const rejection = check(fit) ?? (lockedOnInnerRing(coarse, fit!.ellipse, ellipticity) ? 'the traced outline lies inside a clean ring (the cells, not the zona)' : undefined);
  return { profile, fit, rejection };
}

/** Why a traced outline cannot replace the coarse one (same embryo, similar size), or undefined. */
function refinementProblem(coarse: Ellipse, fit: EllipseFit | undefined, cut: boolean): string | undefined {
  if (!fit || fit.inliers.length < MIN_TRACED_INLIERS) return `${fit?.inliers.length ?? 0} of ${RAYS} rays found the outer edge; needs at least ${MIN_TRACED_INLIERS}`;
  const refined = fit.ellipse;
  const coarseRadius = Math.max(coarse.rx, coarse.ry);
  const ratio = Math.max(refined.rx, refined.ry) / coarseRadius;
  const shift = Math.hypot(refined.cx - coarse.cx, refined.cy - coarse.cy) / coarseRadius;
  const aspect = Math.min(refined.rx, refined.ry) / Math.max(refined.rx, refined.ry);
  if (!(ratio > MIN_RATIO && ratio < MAX_RATIO)) return `the traced outline is ${ratio.toFixed(2)} times the strongest ring's size (allowed ${MIN_RATIO}-${MAX_RATIO})`;
  if (!(shift < MAX_SHIFT)) return `the traced outline's centre moved ${pct(shift)} of the radius (at most ${pct(MAX_SHIFT)})`;
  if (!(aspect > MIN_REFINED_ASPECT)) return `the traced outline is too flat (minor/major ${aspect.toFixed(2)}, needs over ${MIN_REFINED_ASPECT})`;
  const area = Math.sqrt((refined.rx * refined.ry) / (coarse.rx * coarse.ry));
  if (cut && area < CUT_MIN_RATIO) return `the traced outline shrank to ${area.toFixed(2)} of a cut embryo's completed size (at least ${CUT_MIN_RATIO})`;
  return undefined;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

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

// Step 4a: ellipse fit. cv.fitEllipse (least squares) on the boundary points,
// repeated with points far from the current fit dropped, so debris stuck to the
// zona or a neighbour touching it cannot pull the ellipse.
import type { Ellipse } from '../../../lib/types';
import type { CV } from '../load-opencv';
import type { Point } from './types';

export interface EllipseFit {
  ellipse: Ellipse;
  inliers: Point[];
  /** Share of the input points kept. */
  inlierFraction: number;
  /** Robust spread of the kept points' normalised radial residuals. */
  residualSpread: number;
}

const ITERATIONS = 4;
/** Residuals are in units of the ellipse's own radius; never reject within this band. */
const MIN_TOLERANCE = 0.02;
/** An embryo outline is smooth: points more than this off the fit are never part of it. */
const MAX_TOLERANCE = 0.1;

export function fitEllipse(cv: CV, points: Point[]): Ellipse | undefined {
  if (points.length < 5) return undefined;
  const flat = new Float32Array(points.length * 2);
  points.forEach((p, i) => {
    flat[2 * i] = p.x;
    flat[2 * i + 1] = p.y;
  });
  const mat = cv.matFromArray(points.length, 1, cv.CV_32FC2, flat);
  try {
    const fitted = cv.fitEllipse(mat);
    const ellipse = { cx: fitted.center.x, cy: fitted.center.y, rx: fitted.size.width / 2, ry: fitted.size.height / 2, angleDeg: fitted.angle };
    return [ellipse.cx, ellipse.cy, ellipse.rx, ellipse.ry].every(Number.isFinite) && ellipse.rx > 0 && ellipse.ry > 0 ? ellipse : undefined;
  } finally {
    mat.delete();
  }
}

/**
 * Robust fit. With a `prior` (the coarse outline the points were traced around),
 * the first inliers are the points near the median scale of the prior, so a
 * minority of rays running off into haze or a neighbour cannot bias the start.
 */
export function fitEllipseRobust(cv: CV, points: Point[], prior?: Ellipse): EllipseFit | undefined {
  let inliers = points;
  if (prior && points.length >= 10) {
    const scales = points.map((p) => radialResidual(prior, p) + 1);
    const sorted = [...scales].sort((a, b) => a - b);
    const middle = sorted[sorted.length >> 1];
    const deviation = 1.4826 * [...scales.map((v) => Math.abs(v - middle))].sort((a, b) => a - b)[scales.length >> 1];
    const band = Math.min(MAX_TOLERANCE, Math.max(MIN_TOLERANCE * 2, 3 * deviation));
    const near = points.filter((_, i) => Math.abs(scales[i] - middle) <= band);
    if (near.length >= 5) inliers = near;
  }
  let ellipse = fitEllipse(cv, inliers);
  let spread = 0;
  for (let iteration = 0; ellipse && iteration < ITERATIONS; iteration++) {
    const current: Ellipse = ellipse;
    const residuals = points.map((p) => radialResidual(current, p));
    // The spread comes from the current inliers only, so outliers cannot widen the band that admits them.
    const absolute = inliers.map((p) => Math.abs(radialResidual(current, p))).sort((a, b) => a - b);
    spread = 1.4826 * absolute[absolute.length >> 1];
    const tolerance = Math.min(MAX_TOLERANCE, Math.max(MIN_TOLERANCE, 2.5 * spread));
    const kept = points.filter((_, i) => Math.abs(residuals[i]) <= tolerance);
    if (kept.length < 5 || kept.length === inliers.length) break;
    inliers = kept;
    ellipse = fitEllipse(cv, inliers) ?? ellipse;
  }
  if (!ellipse) return undefined;
  return { ellipse, inliers, inlierFraction: inliers.length / points.length, residualSpread: spread };
}

/** Normalised radial position of p (1 on the ellipse) minus 1. */
export function radialResidual(ellipse: Ellipse, p: Point): number {
  const phi = (ellipse.angleDeg * Math.PI) / 180;
  const dx = p.x - ellipse.cx;
  const dy = p.y - ellipse.cy;
  const u = dx * Math.cos(phi) + dy * Math.sin(phi);
  const v = -dx * Math.sin(phi) + dy * Math.cos(phi);
  return Math.hypot(u / ellipse.rx, v / ellipse.ry) - 1;
}

/** The point at parameter t (radians) on the ellipse scaled by s. */
export function ellipsePoint(ellipse: Ellipse, t: number, s = 1): Point {
  const phi = (ellipse.angleDeg * Math.PI) / 180;
  const u = s * ellipse.rx * Math.cos(t);
  const v = s * ellipse.ry * Math.sin(t);
  return { x: ellipse.cx + u * Math.cos(phi) - v * Math.sin(phi), y: ellipse.cy + u * Math.sin(phi) + v * Math.cos(phi) };
}

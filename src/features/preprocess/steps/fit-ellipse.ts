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
  const consensus = prior && points.length >= 20 ? sectorConsensus(cv, points, prior) : undefined;
  if (consensus) inliers = consensus;
  else if (prior && points.length >= 10) {
    const scales = points.map((p) => radialResidual(prior, p) + 1);
    const sorted = [...scales].sort((a, b) => a - b);
    const middle = sorted[sorted.length >> 1];
    const deviation = 1.4826 * [...scales.map((v) => Math.abs(v - middle))].sort((a, b) => a - b)[scales.length >> 1];
    const band = Math.min(MAX_TOLERANCE, Math.max(MIN_TOLERANCE * 2, 3 * deviation));
    const near = points.filter((_, i) => Math.abs(scales[i] - middle) <= band);
    if (near.length >= 5) inliers = near;
  }
  const fit = iterateFit(cv, points, inliers);
  if (!fit || !prior || aspect(fit.ellipse) >= SUSPECT_ASPECT) return fit;
  // A blastocyst is nearly round: a clearly oval fit usually means a run of rays went into
  // a neighbour, the frame or a dark corner. A circle cannot bend towards them, so the
  // arc a circle agrees with best is refined as a circle (an ellipse refit would creep
  // back along the ends of the intrusion) and wins when the ellipse through it is rounder.
  const round = circleConsensus(points, prior);
  const alternative = round ? roundFit(cv, points, round) : undefined;
  return alternative && aspect(alternative.ellipse) > aspect(fit.ellipse) && alternative.inliers.length >= points.length * MIN_ROUND_SHARE ? alternative : fit;
}

/** Circle refits on the points within the consensus band, then one ellipse through them. */
function roundFit(cv: CV, points: Point[], start: Point[]): EllipseFit | undefined {
  let inliers = start;
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const circle = fitCircle(inliers);
    if (!circle) return undefined;
    const kept = nearCircle(points, circle);
    if (kept.length < 5) return undefined;
    const settled = kept.length === inliers.length;
    inliers = kept;
    if (settled) break;
  }
  const ellipse = fitEllipse(cv, inliers);
  if (!ellipse) return undefined;
  const absolute = inliers.map((p) => Math.abs(radialResidual(ellipse, p))).sort((a, b) => a - b);
  return { ellipse, inliers, inlierFraction: inliers.length / points.length, residualSpread: 1.4826 * absolute[absolute.length >> 1] };
}

/** Below this minor/major ratio a fit is suspect (the phantoms' outlines are >= 0.89; blastocysts are near round). */
const SUSPECT_ASPECT = 0.85;
/**
 * A circle must agree with this share of the rays to replace a suspect fit (tried: 0.4
 * lets wrong circles in, and the refit from them drifts back to the oval).
 */
const MIN_ROUND_SHARE = 0.55;

function aspect(e: Ellipse): number {
  return Math.min(e.rx, e.ry) / Math.max(e.rx, e.ry);
}

/** Least-squares refit, dropping points far from the current fit, until the inliers settle. */
function iterateFit(cv: CV, points: Point[], start: Point[]): EllipseFit | undefined {
  let inliers = start;
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

/**
 * Sectors left out in turn: SECTOR_CENTRES centred every 30 degrees from 0, and their widths in
 * degrees. Centred (not started) on the grid so the set of sectors is the same under a mirror or
 * a transpose as under a quarter turn: 135-degree sectors started every 30 degrees are not, and a
 * mirrored clinic image was fitted with a different sector left out (22 px apart).
 */
const SECTOR_CENTRES = 12;
const SECTOR_WIDTHS = [90, 135];
/** A circle (3 parameters) is pinned by half an outline, so wider intrusions can be left out. */
const CIRCLE_SECTOR_WIDTHS = [90, 135, 180];
/** A point agrees with a candidate fit within this normalised radial residual. */
const CONSENSUS_TOLERANCE = 0.03;
/** The winning arc's agreeing points must be at least this share of all points. */
const MIN_CONSENSUS_SHARE = 0.55;

/**
 * One-sided intrusions (a hernia bulging through the zona, an empty zona or a
 * neighbour merged into the coarse region) pull a least-squares fit and its
 * residual spread with them, so the plain iteration can settle on a compromise.
 * Here the ellipse is fitted with each angular sector around the prior's centre
 * left out in turn, and the fit that most of ALL the points agree with wins
 * (RANSAC-style consensus over contiguous arcs): its agreeing points seed the
 * robust iteration. Undefined when leaving nothing out agrees best.
 */
function sectorConsensus(cv: CV, points: Point[], prior: Ellipse): Point[] | undefined {
  const agreeing = (ellipse: Ellipse | undefined) => (ellipse ? points.filter((p) => Math.abs(radialResidual(ellipse, p)) <= CONSENSUS_TOLERANCE) : []);
  return bestArc(points, prior, (kept) => agreeing(fitEllipse(cv, kept)));
}

/** The same consensus over arcs with a circle as the model. Undefined when no circle fits. */
function circleConsensus(points: Point[], prior: Ellipse): Point[] | undefined {
  const agreeing = (kept: Point[]) => {
    const circle = fitCircle(kept);
    return circle ? nearCircle(points, circle) : [];
  };
  const best = bestArc(points, prior, agreeing, true, MIN_ROUND_SHARE, CIRCLE_SECTOR_WIDTHS);
  return best && best.length >= 5 ? best : undefined;
}

/**
 * Fits `agree` with each sector around the prior's centre left out in turn; the
 * candidate that most points agree with wins. Without `always`, a sector left out
 * must win clearly over leaving nothing out, or the result is undefined. The winner
 * does not depend on the order the sectors are tried in (nor on the points' order),
 * so a turned or mirrored image, whose sectors come round in another order, gets the
 * same arc: equal counts go to the wider-spread set of points.
 */
function bestArc(points: Point[], prior: Ellipse, agree: (kept: Point[]) => Point[], always = false, minShare = MIN_CONSENSUS_SHARE, widths = SECTOR_WIDTHS): Point[] | undefined {
  const angles = points.map((p) => Math.atan2(p.y - prior.cy, p.x - prior.cx));
  const everything = agree(points);
  let best: Point[] | undefined;
  for (const width of widths) {
    for (let k = 0; k < SECTOR_CENTRES; k++) {
      const span = (width * Math.PI) / 180;
      const start = (2 * Math.PI * k) / SECTOR_CENTRES - span / 2;
      const kept = points.filter((_, i) => {
        const offset = (((angles[i] - start) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
        return offset > span;
      });
      const candidate = agree(kept);
      if (!best || candidate.length > best.length || (candidate.length === best.length && spreadOf(candidate) > spreadOf(best))) best = candidate;
    }
  }
  // Leaving a sector out must win clearly (on a clean outline every fit agrees about
  // equally), and the arc left must be a clean majority of the outline: on a wide,
  // textured zona the points scatter across the band and no arc may speak for it.
  const margin = always ? 1 : 1.1;
  const wins = !!best && best.length > everything.length * margin && best.length >= points.length * minShare;
  if (wins) return best!.length >= 5 ? best : undefined;
  return always && everything.length >= 5 ? everything : undefined;
}

/** Mean squared distance of the points from their centroid (unchanged by turns and mirrors). */
function spreadOf(points: Point[]): number {
  if (points.length === 0) return 0;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / points.length;
  const my = points.reduce((sum, p) => sum + p.y, 0) / points.length;
  return points.reduce((sum, p) => sum + (p.x - mx) ** 2 + (p.y - my) ** 2, 0) / points.length;
}

/** The points within the consensus band of a circle (normalised radial distance). */
function nearCircle(points: Point[], circle: Circle): Point[] {
  return points.filter((p) => Math.abs(Math.hypot(p.x - circle.cx, p.y - circle.cy) / circle.r - 1) <= CONSENSUS_TOLERANCE);
}

interface Circle {
  cx: number;
  cy: number;
  r: number;
}

/** Algebraic (Kasa) least-squares circle: x^2 + y^2 + Dx + Ey + F = 0. */
export function fitCircle(points: Point[]): Circle | undefined {
  if (points.length < 3) return undefined;
  // centred coordinates keep the normal equations well conditioned
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxx = 0, sxy = 0, syy = 0, sxz = 0, syz = 0, sz = 0;
  for (const p of points) {
    const x = p.x - mx;
    const y = p.y - my;
    const z = x * x + y * y;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sxz += x * z;
    syz += y * z;
    sz += z;
  }
  // With centred data the sums of x and y vanish: solve [sxx sxy; sxy syy] [D E] = -[sxz syz], F = -sz / n.
  const det = sxx * syy - sxy * sxy;
  if (Math.abs(det) < 1e-9) return undefined;
  const d = (-sxz * syy + syz * sxy) / det;
  const e = (-syz * sxx + sxz * sxy) / det;
  const f = -sz / points.length;
  const r2 = (d * d + e * e) / 4 - f;
  if (!(r2 > 0)) return undefined;
  return { cx: mx - d / 2, cy: my - e / 2, r: Math.sqrt(r2) };
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

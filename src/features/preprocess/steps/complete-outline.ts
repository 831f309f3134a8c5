// Step 3b (helper): the whole outline of a region cut by the image frame. Clinics
// photograph tight crops where the embryo fills the frame or leaves it; the visible
// part's convex hull is then a disc with straight sides along the frame, and an
// ellipse fitted to all of it is squashed. Only the hull's free arc (away from the
// frame) belongs to the embryo's outline: the ellipse is fitted to that arc and may
// extend past the frame. A short arc pins an ellipse poorly, so below
// MIN_ELLIPSE_ARC of the outline a circle (blastocysts are near round) is fitted instead.
import type { Ellipse } from '../../../lib/types';
import type { CV } from '../load-opencv';
import { ellipsePoint, fitCircle, fitEllipse } from './fit-ellipse';
import type { Point, Rect } from './types';

/** Hull points this close to the frame lie on it (working pixels). */
export const FRAME_TOUCH = 4;
/** Spacing of the points the hull's free edges are sampled at (working pixels). */
const SAMPLE_STEP = 2;
/** Share of the completed outline (angle around its centre) the free arc must cover for an ellipse fit. */
const MIN_ELLIPSE_ARC = 0.7;
/** Below this the arc cannot pin any outline. */
const MIN_ARC = 0.25;
/** A completed outline flatter than this is not an embryo's. */
const MIN_ASPECT = 0.6;

export interface CompletedOutline {
  ellipse: Ellipse;
  /** Share of the completed outline outside the frame. */
  outside: number;
  /** Share of the completed outline (angle around its centre) covered by the free arc. */
  arcCoverage: number;
}

export function nearFrame(p: Point, content: Rect): boolean {
  return p.x - content.x0 <= FRAME_TOUCH || content.x1 - 1 - p.x <= FRAME_TOUCH || p.y - content.y0 <= FRAME_TOUCH || content.y1 - 1 - p.y <= FRAME_TOUCH;
}

/** Undefined when the free arc is too short or the completed outline is implausible. */
export function completeOutline(cv: CV, hull: Point[], content: Rect): CompletedOutline | undefined {
  const arc = freeArc(hull, content);
  if (arc.length < 8) return undefined;
  const circle = fitCircle(arc);
  if (!circle) return undefined;
  const circleEllipse: Ellipse = { cx: circle.cx, cy: circle.cy, rx: circle.r, ry: circle.r, angleDeg: 0 };
  let ellipse = circleEllipse;
  let coverage = angularCoverage(arc, circleEllipse);
  if (coverage < MIN_ARC) return undefined;
  if (coverage >= MIN_ELLIPSE_ARC) {
    const fitted = fitEllipse(cv, arc);
    if (fitted && Math.min(fitted.rx, fitted.ry) / Math.max(fitted.rx, fitted.ry) >= MIN_ASPECT) {
      ellipse = fitted;
      coverage = angularCoverage(arc, fitted);
    }
  }
  // A huge circle through a nearly straight arc is a frame-like edge, not an embryo.
  const side = Math.max(content.x1 - content.x0, content.y1 - content.y0);
  if (Math.max(ellipse.rx, ellipse.ry) > side) return undefined;
  return { ellipse, outside: outsideShare(ellipse, content), arcCoverage: coverage };
}

/** Points every SAMPLE_STEP along the hull's edges, leaving out those on the frame. */
function freeArc(hull: Point[], content: Rect): Point[] {
  const points: Point[] = [];
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    const b = hull[(i + 1) % hull.length];
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / SAMPLE_STEP));
    for (let s = 0; s < steps; s++) {
      const p = { x: a.x + ((b.x - a.x) * s) / steps, y: a.y + ((b.y - a.y) * s) / steps };
      if (!nearFrame(p, content)) points.push(p);
    }
  }
  return points;
}

/** Share of the 72 five-degree sectors around the ellipse's centre that hold an arc point. */
function angularCoverage(points: Point[], ellipse: Ellipse): number {
  const sectors = new Uint8Array(72);
  for (const p of points) {
    const angle = Math.atan2(p.y - ellipse.cy, p.x - ellipse.cx);
    sectors[Math.min(71, Math.floor(((angle + Math.PI) / (2 * Math.PI)) * 72))] = 1;
  }
  return sectors.reduce((s, v) => s + v, 0) / 72;
}

/** Share of the ellipse's outline outside the frame. */
export function outsideShare(ellipse: Ellipse, content: Rect): number {
  const n = 360;
  let outside = 0;
  for (let k = 0; k < n; k++) {
    const p = ellipsePoint(ellipse, (2 * Math.PI * k) / n);
    if (p.x < content.x0 - 1 || p.y < content.y0 - 1 || p.x > content.x1 || p.y > content.y1) outside++;
  }
  return outside / n;
}

/**
 * Area of the ellipse inside the frame, sampled on a grid of about 64 x 64 over its bounding
 * box. The grid is centred on the ellipse, so a turned or mirrored picture samples the same
 * points (a grid starting at the frame's corner did not, and moved the ellipticity by 0.005).
 */
export function areaInside(ellipse: Ellipse, content: Rect): number {
  const r = Math.max(ellipse.rx, ellipse.ry);
  const half = Math.max(1, Math.ceil(r / Math.max(0.5, (2 * r) / 64)));
  const step = r / half;
  const phi = (ellipse.angleDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  let inside = 0;
  for (let i = -half; i < half; i++) {
    const dy = (i + 0.5) * step;
    const y = ellipse.cy + dy;
    // Pixel centres are integers: the frame's pixels cover [x0 - 0.5, x1 - 0.5).
    if (y < content.y0 - 0.5 || y >= content.y1 - 0.5) continue;
    for (let j = -half; j < half; j++) {
      const dx = (j + 0.5) * step;
      const x = ellipse.cx + dx;
      if (x < content.x0 - 0.5 || x >= content.x1 - 0.5) continue;
      const u = (dx * cos + dy * sin) / ellipse.rx;
      const v = (-dx * sin + dy * cos) / ellipse.ry;
      if (u * u + v * v <= 1) inside++;
    }
  }
  return inside * step * step;
}

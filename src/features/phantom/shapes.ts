// Signed distances (negative inside) for the analytic shapes phantoms are made of.

/** A pixel rectangle, inclusive bounds. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface EllipseShape {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/**
 * Signed distance to an axis-aligned ellipse, first-order approximation
 * (level-set value over gradient length): exact on the boundary, close for
 * the near-circular ellipses used here.
 */
export function ellipseDistance(x: number, y: number, e: EllipseShape): number {
  const u = (x - e.cx) / e.rx;
  const v = (y - e.cy) / e.ry;
  const k = Math.sqrt(u * u + v * v);
  const gu = u / e.rx;
  const gv = v / e.ry;
  const g = Math.sqrt(gu * gu + gv * gv);
  if (g === 0) return -Math.min(e.rx, e.ry);
  return ((k - 1) * k) / g;
}

export function circleDistance(x: number, y: number, cx: number, cy: number, r: number): number {
  return Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)) - r;
}

/** Polynomial smooth minimum: the union of two shapes with a fillet of size k. */
export function smoothMin(a: number, b: number, k: number): number {
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

export function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

import type { PhantomTruth } from '../types';

/** Normalised ellipse radius of pixel i's centre in the truth's outline (1 on the outline). */
export function ellipseRadius(truth: PhantomTruth, i: number): number {
  const { cx, cy, rx, ry, angleDeg } = truth.ellipse;
  const x = (i % truth.masks.width) + 0.5 - cx;
  const y = Math.floor(i / truth.masks.width) + 0.5 - cy;
  const a = (angleDeg * Math.PI) / 180;
  const u = x * Math.cos(a) + y * Math.sin(a);
  const v = -x * Math.sin(a) + y * Math.cos(a);
  return Math.sqrt((u / rx) ** 2 + (v / ry) ** 2);
}

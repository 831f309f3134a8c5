import seedrandom from 'seedrandom';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type CV } from '../load-opencv';
import { fitCircle, fitEllipseRobust } from './fit-ellipse';
import type { Point } from './types';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

const rng = seedrandom('fit-ellipse');
const jitter = (amount: number) => (rng() * 2 - 1) * amount;

/** One boundary point per ray around (cx, cy); radius(theta) gives the traced distance. */
function rays(cx: number, cy: number, radius: (theta: number) => number, n = 180): Point[] {
  return Array.from({ length: n }, (_, i) => {
    const theta = (2 * Math.PI * i) / n;
    const r = radius(theta) + jitter(0.8);
    return { x: cx + r * Math.cos(theta), y: cy + r * Math.sin(theta) };
  });
}

describe('fitCircle', () => {
  it('recovers a circle from noisy points on a partial arc', () => {
    const points = rays(310, 205, () => 120).slice(0, 120);
    const circle = fitCircle(points)!;
    expect(Math.hypot(circle.cx - 310, circle.cy - 205)).toBeLessThan(1);
    expect(Math.abs(circle.r / 120 - 1)).toBeLessThan(0.01);
  });

  it('refuses collinear points', () => {
    expect(fitCircle([{ x: 0, y: 0 }, { x: 1, y: 1 }, { x: 2, y: 2 }])).toBeUndefined();
  });
});

describe('fitEllipseRobust', () => {
  it('keeps a round embryo whose rays ran off into a neighbour over 150 degrees', () => {
    // True outline: radius 100 at (200, 200). From 0 to 150 degrees the rays did not stop at
    // the zona but ran on to a neighbour, up to 70 % further out (as in high-nuisance phantoms).
    const bad = (t: number) => t < (150 * Math.PI) / 180;
    const points = rays(200, 200, (t) => (bad(t) ? 100 * (1 + 0.7 * Math.sin((t * Math.PI) / ((150 * Math.PI) / 180))) : 100));
    const prior = { cx: 215, cy: 215, rx: 125, ry: 110, angleDeg: 45 };
    const fit = fitEllipseRobust(cv, points, prior)!;
    expect(Math.hypot(fit.ellipse.cx - 200, fit.ellipse.cy - 200)).toBeLessThan(3);
    expect(Math.max(fit.ellipse.rx, fit.ellipse.ry)).toBeLessThan(104);
    expect(Math.min(fit.ellipse.rx, fit.ellipse.ry)).toBeGreaterThan(96);
  });

  it('leaves a genuinely oval outline oval', () => {
    const points = rays(200, 200, (t) => 100 / Math.hypot(Math.cos(t) / 1.25, Math.sin(t)));
    const fit = fitEllipseRobust(cv, points, { cx: 200, cy: 200, rx: 120, ry: 100, angleDeg: 0 })!;
    expect(Math.max(fit.ellipse.rx, fit.ellipse.ry) / Math.min(fit.ellipse.rx, fit.ellipse.ry)).toBeGreaterThan(1.2);
  });
});

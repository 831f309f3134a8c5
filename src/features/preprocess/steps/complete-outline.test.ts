import { beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCv, type CV } from '../load-opencv';
import { areaInside, completeOutline } from './complete-outline';
import type { Point, Rect } from './types';

let cv: CV;
beforeAll(async () => {
  cv = await loadOpenCv();
});

const frame: Rect = { x0: 0, y0: 0, x1: 256, y1: 256 };

/** The convex hull of a disc clipped to the frame: points on the circle inside it, plus the frame corners/crossings it covers. */
function clippedDiscHull(cx: number, cy: number, r: number, content: Rect): Point[] {
  const points: Point[] = [];
  for (let k = 0; k < 360; k++) {
    const t = (k * Math.PI) / 180;
    const x = Math.min(content.x1 - 1, Math.max(content.x0, cx + r * Math.cos(t)));
    const y = Math.min(content.y1 - 1, Math.max(content.y0, cy + r * Math.sin(t)));
    points.push({ x, y });
  }
  return points;
}

describe('completeOutline', () => {
  it('recovers a disc cut by two sides of the frame from its free arc alone', () => {
    const completed = completeOutline(cv, clippedDiscHull(200, 60, 110, frame), frame)!;
    expect(completed).toBeDefined();
    expect(Math.hypot(completed.ellipse.cx - 200, completed.ellipse.cy - 60)).toBeLessThan(3);
    expect(Math.abs(completed.ellipse.rx / 110 - 1)).toBeLessThan(0.03);
    expect(Math.abs(completed.ellipse.ry / 110 - 1)).toBeLessThan(0.03);
    // Much of the circle lies past the top and right edges.
    expect(completed.outside).toBeGreaterThan(0.3);
    expect(completed.outside).toBeLessThan(0.6);
  });

  it('gives no outline for a region whose hull is almost all frame (a band along one side)', () => {
    const band: Point[] = [{ x: 0, y: 0 }, { x: 255, y: 0 }, { x: 255, y: 12 }, { x: 0, y: 12 }];
    expect(completeOutline(cv, band, frame)).toBeUndefined();
  });
});

describe('areaInside', () => {
  it('measures the part of a circle inside the frame (a quarter for a circle centred on a corner)', () => {
    const r = 100;
    const quarter = areaInside({ cx: 0, cy: 0, rx: r, ry: r, angleDeg: 0 }, frame);
    expect(Math.abs(quarter / ((Math.PI * r * r) / 4) - 1)).toBeLessThan(0.05);
  });
});

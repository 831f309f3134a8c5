// Thin cytoplasmic strands and filaments across the cavity: a quadratic Bezier curve
// drawn as a soft line into the phase and absorption fields (after softening, so its
// profile is its own). Strands never change the truth masks: they are part of the cavity.
import type { OpticalFields } from './rasterise';

export interface Strand {
  /** Start, control and end points, image pixels. */
  x0: number;
  y0: number;
  cx: number;
  cy: number;
  x1: number;
  y1: number;
  /** Half-width in pixels and strength (phase; absorption is a fraction of it). */
  width: number;
  strength: number;
}

const SEGMENTS = 16;

export function rasteriseStrand(strand: Strand, fields: OpticalFields): void {
  const { width, height, phase, absorb } = fields;
  const pts: number[] = [];
  for (let k = 0; k <= SEGMENTS; k++) {
    const t = k / SEGMENTS;
    const u = 1 - t;
    pts.push(u * u * strand.x0 + 2 * u * t * strand.cx + t * t * strand.x1, u * u * strand.y0 + 2 * u * t * strand.cy + t * t * strand.y1);
  }
  const reach = 3 * strand.width + 1;
  const xs = pts.filter((_, i) => i % 2 === 0);
  const ys = pts.filter((_, i) => i % 2 === 1);
  const bx0 = Math.max(0, Math.floor(Math.min(...xs) - reach));
  const bx1 = Math.min(width - 1, Math.ceil(Math.max(...xs) + reach));
  const by0 = Math.max(0, Math.floor(Math.min(...ys) - reach));
  const by1 = Math.min(height - 1, Math.ceil(Math.max(...ys) + reach));
  if (bx1 < bx0 || by1 < by0) return;
  const inv = 1 / (strand.width * strand.width);
  for (let py = by0; py <= by1; py++) {
    for (let px = bx0; px <= bx1; px++) {
      const x = px + 0.5;
      const y = py + 0.5;
      let best = Infinity;
      for (let k = 0; k < SEGMENTS; k++) {
        const ax = pts[2 * k];
        const ay = pts[2 * k + 1];
        const dx = pts[2 * k + 2] - ax;
        const dy = pts[2 * k + 3] - ay;
        const len2 = dx * dx + dy * dy || 1;
        const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
        const ex = ax + t * dx - x;
        const ey = ay + t * dy - y;
        const d2 = ex * ex + ey * ey;
        if (d2 < best) best = d2;
      }
      const q = best * inv;
      if (q > 9) continue;
      const profile = Math.exp(-q);
      const i = py * width + px;
      phase[i] += strand.strength * profile;
      absorb[i] += 0.8 * strand.strength * profile;
    }
  }
  const d = fields.drawn;
  d.x0 = Math.min(d.x0, bx0);
  d.y0 = Math.min(d.y0, by0);
  d.x1 = Math.max(d.x1, bx1);
  d.y1 = Math.max(d.y1, by1);
}

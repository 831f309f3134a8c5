// Image formation from the optical fields: Hoffman modulation contrast shows
// the phase gradient along one direction (relief: one side bright, the other
// dark); bright-field shows mostly absorption with faint phase edges. Blurs
// are three running-box passes per axis (a close Gaussian, O(1) per pixel).
import type { OpticalFields } from './rasterise';
import type { Rect } from './shapes';
import type { Optics } from './types';


/**
 * One running-box pass along the rows (horizontal) or columns of a rectangle,
 * clamped at the rectangle's edges. Head, middle and tail are separate loops
 * so the hot middle loop has no clamping.
 */
function boxPass(src: Float32Array, dst: Float32Array, width: number, rect: Rect, radius: number, horizontal: boolean): void {
  const lineFrom = horizontal ? rect.y0 : rect.x0;
  const lineTo = horizontal ? rect.y1 : rect.x1;
  const start = horizontal ? rect.x0 : rect.y0;
  const len = (horizontal ? rect.x1 : rect.y1) - start + 1;
  const step = horizontal ? 1 : width;
  const stride = horizontal ? width : 1;
  const norm = 1 / (2 * radius + 1);
  const last = len - 1;
  for (let l = lineFrom; l <= lineTo; l++) {
    const base = l * stride + start * step;
    const at = (i: number) => src[base + (i < 0 ? 0 : i > last ? last : i) * step];
    let sum = 0;
    for (let k = -radius; k <= radius; k++) sum += at(k);
    let i = 0;
    const headEnd = Math.min(len, radius);
    for (; i < headEnd; i++) {
      dst[base + i * step] = sum * norm;
      sum += at(i + radius + 1) - at(i - radius);
    }
    const midEnd = len - radius - 1;
    let pOut = base + (i - radius) * step;
    let pIn = base + (i + radius + 1) * step;
    let pDst = base + i * step;
    for (; i < midEnd; i++) {
      dst[pDst] = sum * norm;
      sum += src[pIn] - src[pOut];
      pIn += step;
      pOut += step;
      pDst += step;
    }
    for (; i < len; i++) {
      dst[base + i * step] = sum * norm;
      sum += at(i + radius + 1) - at(i - radius);
    }
  }
}

/**
 * Gaussian-like blur in place: 1-3 running-box passes per axis (more passes
 * for wider blurs), O(1) per pixel. Only `rect` is touched (default: all);
 * pixels outside it are treated as its edge values. No-op for sigma < 0.3.
 */
export function blurInPlace(data: Float32Array, width: number, height: number, sigma: number, scratch?: Float32Array, rect?: Rect): void {
  if (sigma < 0.3) return;
  const r = rect ?? { x0: 0, y0: 0, x1: width - 1, y1: height - 1 };
  if (r.x1 < r.x0 || r.y1 < r.y0) return;
  const passes = sigma < 1.2 ? 1 : sigma < 2.5 ? 2 : 3;
  // k boxes of width w have variance k (w^2 - 1) / 12 = sigma^2.
  const radius = Math.max(1, Math.round((Math.sqrt((12 * sigma * sigma) / passes + 1) - 1) / 2));
  const tmp = scratch ?? new Float32Array(data.length);
  for (let pass = 0; pass < passes; pass++) {
    boxPass(data, tmp, width, r, radius, true);
    boxPass(tmp, data, width, r, radius, false);
  }
}

/** The rectangle grown by `by` pixels, clipped to the image. */
export function growRect(rect: Rect, by: number, width: number, height: number): Rect {
  return {
    x0: Math.max(0, Math.floor(rect.x0 - by)),
    y0: Math.max(0, Math.floor(rect.y0 - by)),
    x1: Math.min(width - 1, Math.ceil(rect.x1 + by)),
    y1: Math.min(height - 1, Math.ceil(rect.y1 + by)),
  };
}

export interface OpticsSettings {
  optics: Optics;
  /** Shading direction of the Hoffman relief (radians). */
  lightAngle: number;
  /** Background grey level, 0..1. */
  background: number;
  unit: number;
}

/**
 * Softens the drawn fields (the optics' point spread) where something was
 * drawn; the rest is empty medium and stays zero.
 */
export function softenFields(fields: OpticalFields, unit: number): void {
  const { width, height, phase, absorb, drawn } = fields;
  const rect = growRect(drawn, 6 * unit + 4, width, height);
  const scratch = new Float32Array(width * height);
  blurInPlace(phase, width, height, 1.1 * unit, scratch, rect);
  blurInPlace(absorb, width, height, 0.6 * unit, scratch, rect);
}

/** Grey image (0..1-ish floats) from the fields; consumes the fields (the result reuses `absorb`). */
export function formImage(fields: OpticalFields, s: OpticsSettings): Float32Array {
  const { width, height, phase, absorb } = fields;
  const shift = Math.max(1, Math.round(1.5 * s.unit));
  const ox = Math.round(Math.cos(s.lightAngle) * shift);
  const oy = Math.round(Math.sin(s.lightAngle) * shift);
  const hoffman = s.optics === 'hoffman';
  const relief = hoffman ? 0.7 : 0.22;
  const absorbGain = hoffman ? 0.8 : 1.3;
  const out = absorb;
  const bg = s.background;
  for (let y = 0; y < height; y++) {
    const ya = Math.min(height - 1, Math.max(0, y + oy));
    const yb = Math.min(height - 1, Math.max(0, y - oy));
    for (let x = 0; x < width; x++) {
      const xa = Math.min(width - 1, Math.max(0, x + ox));
      const xb = Math.min(width - 1, Math.max(0, x - ox));
      const gradient = phase[ya * width + xa] - phase[yb * width + xb];
      const i = y * width + x;
      out[i] = bg * (1 - absorbGain * absorb[i]) + relief * bg * gradient;
    }
  }
  return out;
}

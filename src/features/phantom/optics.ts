// Image formation from the optical fields: Hoffman modulation contrast shows
// the phase gradient along one direction (relief: one side bright, the other
// dark); bright-field shows mostly absorption with faint phase edges. Blurs
// are three running-box passes per axis (a close Gaussian, O(1) per pixel).
import type { OpticalFields } from './rasterize';
import type { Optics } from './types';

function boxPass(src: Float32Array, dst: Float32Array, width: number, height: number, radius: number, horizontal: boolean): void {
  const lines = horizontal ? height : width;
  const len = horizontal ? width : height;
  const step = horizontal ? 1 : width;
  const stride = horizontal ? width : 1;
  const norm = 1 / (2 * radius + 1);
  for (let l = 0; l < lines; l++) {
    const base = l * stride;
    let sum = 0;
    // clamp-to-edge window start
    for (let k = -radius; k <= radius; k++) sum += src[base + Math.min(len - 1, Math.max(0, k)) * step];
    for (let i = 0; i < len; i++) {
      dst[base + i * step] = sum * norm;
      const out = Math.max(0, i - radius);
      const inn = Math.min(len - 1, i + radius + 1);
      sum += src[base + inn * step] - src[base + out * step];
    }
  }
}

/** Gaussian-like blur in place (sigma in pixels); no-op for sigma < 0.3. */
export function blurInPlace(data: Float32Array, width: number, height: number, sigma: number): void {
  if (sigma < 0.3) return;
  // Three boxes of width w have variance 3 (w^2 - 1) / 12 = sigma^2.
  const radius = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  const tmp = new Float32Array(data.length);
  for (let pass = 0; pass < 3; pass++) {
    boxPass(data, tmp, width, height, radius, true);
    boxPass(tmp, data, width, height, radius, false);
  }
}

export interface OpticsSettings {
  optics: Optics;
  /** Shading direction of the Hoffman relief (radians). */
  lightAngle: number;
  /** Background grey level, 0..1. */
  background: number;
  unit: number;
}

/** Grey image (0..1-ish floats) from the fields; consumes the fields. */
export function formImage(fields: OpticalFields, s: OpticsSettings): Float32Array {
  const { width, height, phase, absorb } = fields;
  blurInPlace(phase, width, height, 1.1 * s.unit);
  blurInPlace(absorb, width, height, 0.6 * s.unit);
  const shift = Math.max(1, Math.round(1.5 * s.unit));
  const ox = Math.round(Math.cos(s.lightAngle) * shift);
  const oy = Math.round(Math.sin(s.lightAngle) * shift);
  const hoffman = s.optics === 'hoffman';
  const relief = hoffman ? 0.42 : 0.12;
  const absorbGain = hoffman ? 0.75 : 1.0;
  const out = new Float32Array(width * height);
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

// Image formation of a clinic-style capture: colour Hoffman modulation contrast. The
// phase gradient along the light direction gives the one-sided relief, a wide blur of
// the phase gives the bright halo outside refractile edges, absorption is coloured
// (cytoplasm takes more blue, so cells look yellow-brown on a paler medium), and the
// camera adds a colour cast, uneven light, chromatic fringes, noise and interlacing.
import { clinicCellColour } from './clinic-look';
import { gaussianHash } from './noise';
import { blurInPlace, growRect } from './optics';
import type { OpticalFields } from './rasterise';
import { hash2 } from './random';
import type { ClinicSettings } from './types';
import type { NuisanceSettings } from './types';

/** How strongly absorption darkens and relief and halo lighten, per unit of field. */
const ABSORB_GAIN = 0.68;
const RELIEF_GAIN = 0.9;
const HALO_GAIN = 0.35;

export interface ClinicFinish {
  gradientAngle: number;
  vignetteX: number;
  vignetteY: number;
  noiseSeed: number;
}

/** RGBA bytes from the optical fields (the fields are consumed: blurred in place). */
export function formClinicImage(fields: OpticalFields, c: ClinicSettings, s: NuisanceSettings, finish: ClinicFinish, unit: number): Uint8ClampedArray {
  const { width, height, phase, absorb, drawn } = fields;
  const defocus = s.blur;
  if (defocus >= 0.3) {
    const rect = growRect(drawn, 3 * defocus + 4, width, height);
    const scratch = new Float32Array(width * height);
    blurInPlace(phase, width, height, defocus, scratch, rect);
    blurInPlace(absorb, width, height, defocus, scratch, rect);
  }
  const halo = Float32Array.from(phase);
  const haloSigma = 5 * unit + 2;
  if (c.halo > 0) blurInPlace(halo, width, height, haloSigma, undefined, growRect(drawn, 3 * haloSigma + 4, width, height));

  const shift = Math.max(1, Math.round(1.5 * unit));
  const ox = Math.round(Math.cos(c.lightAngle) * shift);
  const oy = Math.round(Math.sin(c.lightAngle) * shift);
  const bg = c.background;
  const base = c.cast.map((g) => bg * g);
  const cellColour = clinicCellColour(c);
  const gx = Math.cos(finish.gradientAngle);
  const gy = Math.sin(finish.gradientAngle);
  const half = Math.max(width, height) / 2;
  const vcx = width / 2 + finish.vignetteX * width;
  const vcy = height / 2 + finish.vignetteY * height;
  const ill = s.illumination;
  const noise = s.noise;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const clampX = (x: number) => (x < 0 ? 0 : x >= width ? width - 1 : x);
  const clampY = (y: number) => (y < 0 ? 0 : y >= height ? height - 1 : y);
  for (let y = 0; y < height; y++) {
    const ny = (y - height / 2) / half;
    const vy = (y - vcy) / half;
    const ya = clampY(y + oy) * width;
    const yb = clampY(y - oy) * width;
    const row = y * width;
    // an interlaced capture: the odd field lags a pixel behind the even one
    const lag = c.interlace && y % 2 === 1 ? 1 : 0;
    for (let x = 0; x < width; x++) {
      const nx = (x - width / 2) / half;
      const vx = (x - vcx) / half;
      const light = (1 + 0.35 * ill * (gx * nx + gy * ny)) * (1 - 0.5 * ill * (vx * vx + vy * vy));
      const o = (row + x) * 4;
      const n = noise > 0 ? noise * gaussianHash(x, y, finish.noiseSeed) : 0;
      for (let ch = 0; ch < 3; ch++) {
        // red and blue planes shifted apart along x: the fringes of a cheap objective
        const sx = clampX(x - lag + (ch === 0 ? c.chromatic : ch === 2 ? -c.chromatic : 0));
        const i = row + sx;
        const relief = phase[ya + clampX(sx + ox)] - phase[yb + clampX(sx - ox)];
        const glow = c.halo > 0 ? halo[i] - phase[i] : 0;
        let v = base[ch] * (1 - ABSORB_GAIN * absorb[i] * cellColour[ch]) + bg * (RELIEF_GAIN * c.relief * relief + HALO_GAIN * c.halo * glow);
        v *= 255 * light;
        if (noise > 0) v += n + (ch === 1 ? 0 : 0.8 * noise * (hash2(x, y, finish.noiseSeed ^ (ch === 0 ? 0x11 : 0x22)) - 0.5));
        rgba[o + ch] = v; // a clamped array rounds to nearest
      }
      rgba[o + 3] = 255;
    }
  }
  if (c.sharpen > 0) sharpenInPlace(rgba, width, height, c.sharpen);
  return rgba;
}

/** Unsharp mask against a 3x3 box blur, per colour channel (a video camera's edge enhancement). */
function sharpenInPlace(rgba: Uint8ClampedArray, width: number, height: number, amount: number): void {
  const src = rgba.slice();
  for (let y = 0; y < height; y++) {
    const y0 = (y > 0 ? y - 1 : y) * width;
    const y1 = y * width;
    const y2 = (y < height - 1 ? y + 1 : y) * width;
    for (let x = 0; x < width; x++) {
      const x0 = x > 0 ? x - 1 : x;
      const x2 = x < width - 1 ? x + 1 : x;
      for (let ch = 0; ch < 3; ch++) {
        const at = (row: number, col: number) => src[(row + col) * 4 + ch];
        const box = (at(y0, x0) + at(y0, x) + at(y0, x2) + at(y1, x0) + at(y1, x) + at(y1, x2) + at(y2, x0) + at(y2, x) + at(y2, x2)) / 9;
        const v = at(y1, x);
        rgba[(y1 + x) * 4 + ch] = v + amount * (v - box);
      }
    }
  }
}

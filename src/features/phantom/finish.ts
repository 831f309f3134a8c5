// Camera and acquisition nuisances applied to the formed grey image:
// defocus, uneven illumination and vignetting, colour tint, sensor noise,
// black frame borders, the burnt-in scale bar, and a JPEG round trip.
import { decode as decodeJpeg, encode as encodeJpeg } from 'jpeg-js';
import { drawText, fillRect, textWidth } from './font';
import { blurInPlace, growRect } from './optics';
import type { Rect } from './shapes';
import { gaussianHash } from './noise';
import { hash2, type Rng } from './random';
import type { NuisanceSettings } from './types';

export interface FinishPlan {
  /** Illumination gradient direction and vignette centre offset, drawn once per image. */
  gradientAngle: number;
  vignetteX: number;
  vignetteY: number;
  /** Per-channel gains of the tint (R, G, B). */
  tintGains: [number, number, number];
  noiseSeed: number;
  /** Which sides get a black border: left, top, right, bottom. */
  borderSides: [boolean, boolean, boolean, boolean];
  scaleBarText: string;
}

export function planFinish(rng: Rng): FinishPlan {
  return {
    gradientAngle: rng.uniform(0, 2 * Math.PI),
    vignetteX: rng.uniform(-0.2, 0.2),
    vignetteY: rng.uniform(-0.2, 0.2),
    // PCRM micrographs: warm yellow-green; blue is the weakest channel.
    tintGains: [rng.uniform(1.0, 1.06), rng.uniform(0.87, 0.93), rng.uniform(0.6, 0.76)],
    noiseSeed: rng.uint32() | 0,
    borderSides: [rng.chance(0.7), rng.chance(0.5), rng.chance(0.7), rng.chance(0.8)],
    scaleBarText: rng.pick(['25um', '25um', '50um', '20um']),
  };
}

/** Grey floats -> RGBA bytes, with defocus, illumination, tint and noise. */
/** `scratch` (as long as gray) is used as the blur's work buffer. */
export function toRgba(gray: Float32Array, width: number, height: number, s: NuisanceSettings, plan: FinishPlan, drawn: Rect, scratch?: Float32Array): Uint8ClampedArray {
  const sigma = s.blur * (width / 640);
  // Outside what was drawn the image is flat medium, which blur leaves as is.
  if (sigma >= 0.3) blurInPlace(gray, width, height, sigma, scratch, growRect(drawn, 3 * sigma + 4, width, height));
  const rgba = new Uint8ClampedArray(width * height * 4);
  const gx = Math.cos(plan.gradientAngle);
  const gy = Math.sin(plan.gradientAngle);
  const [tr, tg, tb] = s.tint === 'pcrm' ? plan.tintGains : [1, 1, 1];
  const half = Math.max(width, height) / 2;
  const vcx = width / 2 + plan.vignetteX * width;
  const vcy = height / 2 + plan.vignetteY * height;
  const ill = s.illumination;
  const noise = s.noise;
  const chromaNoise = s.tint === 'pcrm';
  for (let y = 0; y < height; y++) {
    const ny = (y - height / 2) / half;
    const vy = (y - vcy) / half;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const nx = (x - width / 2) / half;
      const vx = (x - vcx) / half;
      const light = ill > 0 ? (1 + 0.35 * ill * (gx * nx + gy * ny)) * (1 - 0.45 * ill * (vx * vx + vy * vy)) : 1;
      const v = 255 * gray[i] * light;
      let r = v * tr;
      let g = v * tg;
      let b = v * tb;
      if (noise > 0) {
        const n = noise * gaussianHash(x, y, plan.noiseSeed);
        if (chromaNoise) {
          // colour sensors: channels partly independent, blue noisiest
          r += n + 0.9 * noise * (hash2(x, y, plan.noiseSeed ^ 0x11) - 0.5);
          g += n;
          b += n + 1.6 * noise * (hash2(x, y, plan.noiseSeed ^ 0x22) - 0.5);
        } else {
          r += n;
          g += n;
          b += n;
        }
      }
      const o = i * 4;
      rgba[o] = r + 0.5;
      rgba[o + 1] = g + 0.5;
      rgba[o + 2] = b + 0.5;
      rgba[o + 3] = 255;
    }
  }
  return rgba;
}

const BORDER_COLOUR: readonly [number, number, number] = [10, 9, 9];
const SCALE_BAR_GREEN: readonly [number, number, number] = [0, 255, 0];

export function drawBorders(rgba: Uint8ClampedArray, width: number, height: number, s: NuisanceSettings, plan: FinishPlan): void {
  if (s.border <= 0) return;
  const b = Math.max(1, Math.round(s.border * width));
  const [left, top, right, bottom] = plan.borderSides;
  if (left) fillRect(rgba, width, height, 0, 0, b, height, BORDER_COLOUR);
  if (top) fillRect(rgba, width, height, 0, 0, width, b, BORDER_COLOUR);
  if (right) fillRect(rgba, width, height, width - b, 0, b, height, BORDER_COLOUR);
  if (bottom) fillRect(rgba, width, height, 0, height - b, width, b, BORDER_COLOUR);
}

/** The incubator software's overlay: green text, then a ruler with end and middle ticks, bottom right. */
export function drawScaleBar(rgba: Uint8ClampedArray, width: number, height: number, s: NuisanceSettings, plan: FinishPlan): void {
  if (!s.scaleBar) return;
  const k = Math.max(1, Math.round(width / 480));
  const inset = Math.round(Math.max(s.border * width, 0)) + 4 * k;
  const bottom = height - inset - 2 * k;
  const barLength = Math.round(width * 0.25);
  const barRight = width - inset - 2 * k;
  const barLeft = barRight - barLength;
  const text = plan.scaleBarText;
  const textLeft = barLeft - textWidth(text, k) - 2 * k;
  drawText(rgba, width, height, text, textLeft, bottom - 7 * k, k, SCALE_BAR_GREEN);
  fillRect(rgba, width, height, barLeft, bottom - k, barLength, k, SCALE_BAR_GREEN);
  for (let t = 0; t <= 10; t++) {
    const tall = t === 0 || t === 10 ? 5 : t === 5 ? 4 : 2;
    fillRect(rgba, width, height, barLeft + Math.round((t * (barLength - k)) / 10), bottom - tall * k, k, tall * k, SCALE_BAR_GREEN);
  }
}

/** Encodes and decodes with jpeg-js (pure JS, so the artefacts are the same in Node and the browser). */
export function jpegRoundTrip(rgba: Uint8ClampedArray, width: number, height: number, quality: number): Uint8ClampedArray {
  if (quality <= 0) return rgba;
  const encoded = withBufferShim(() => encodeJpeg({ data: rgba, width, height }, quality).data);
  const decoded = decodeJpeg(encoded, { useTArray: true, formatAsRGBA: true });
  return new Uint8ClampedArray(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
}

/**
 * jpeg-js's encoder ends with `Buffer.from(bytes)` whenever a CommonJS
 * `module` is in scope, which bundlers' CJS wrappers provide in the browser,
 * where Buffer does not exist. Lend it a minimal Buffer for the synchronous
 * call only; Node's real Buffer is left untouched.
 */
function withBufferShim(encode: () => ArrayLike<number>): Uint8Array {
  const host = globalThis as { Buffer?: unknown };
  if (host.Buffer !== undefined) return new Uint8Array(encode() as Uint8Array);
  host.Buffer = { from: (bytes: ArrayLike<number>) => Uint8Array.from(bytes) };
  try {
    return new Uint8Array(encode() as Uint8Array);
  } finally {
    delete host.Buffer;
  }
}

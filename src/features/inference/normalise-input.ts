// A crop at model input size -> the model's input tensor, NHWC float32 RGB (alpha
// dropped), as the model card's input.normalization says. It is part of the model
// contract, so it lives with the model. The Python training code (training/) must
// apply exactly these formulas:
//   'samplewise': x = (v - mean) / std, where mean and std are the mean and the
//                 POPULATION standard deviation (divide by N, numpy's default
//                 np.std) of all 3*H*W RGB values of this image; std < 1e-6 -> 1.
//   'imagenet':   x = (v / 255 - m[c]) / s[c], m = [0.485, 0.456, 0.406],
//                 s = [0.229, 0.224, 0.225] (torchvision's values), c = R, G, B.
//   'none':       x = v (raw 0..255 as float).
import type { RgbaImage } from '../../lib/types';
import type { Normalization } from './model-card';

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

export function normaliseInput(rgba: RgbaImage, mode: Normalization): Float32Array {
  const pixels = rgba.width * rgba.height;
  const out = new Float32Array(pixels * 3);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = rgba.data[p * 4 + c];
  if (mode === 'none') return out;
  if (mode === 'imagenet') {
    for (let i = 0; i < out.length; i++) out[i] = (out[i] / 255 - IMAGENET_MEAN[i % 3]) / IMAGENET_STD[i % 3];
    return out;
  }
  if (mode !== 'samplewise') throw new Error(`unknown normalization "${String(mode)}" (use samplewise, imagenet or none)`);
  // Two passes in float64 so the statistics do not depend on summation order precision.
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += out[i];
  const mean = sum / out.length;
  let squares = 0;
  for (let i = 0; i < out.length; i++) squares += (out[i] - mean) ** 2;
  const std = Math.sqrt(squares / out.length);
  const divisor = std < 1e-6 ? 1 : std;
  for (let i = 0; i < out.length; i++) out[i] = (out[i] - mean) / divisor;
  return out;
}

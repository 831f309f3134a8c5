// A crop at the model's input size -> the values the model reads: its size checked against
// the card, then the card's normalisation. The one step from crop to input for grading,
// Grad-CAM, adaptation and learning (prepare-model-input.ts adds the image path before it).
import type { RgbaImage } from '../../lib/types';
import type { ModelCard } from './model-card';
import { normaliseInput } from './normalise-input';

export function modelInput(crop: RgbaImage, card: Pick<ModelCard, 'id' | 'input'>): Float32Array {
  const [h, w] = card.input.size;
  if (crop.width !== w || crop.height !== h) {
    throw new Error(`the crop is ${crop.width}x${crop.height}; model "${card.id}" needs ${w}x${h}`);
  }
  return normaliseInput(crop, card.input.normalization);
}

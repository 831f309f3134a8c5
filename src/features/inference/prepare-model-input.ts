// An image file's bytes as a model's input: decoded, located and cropped by the grading
// pipeline (prepareImage), then made the model's input (modelInput: size checked, the card's
// normalisation). The one path every host that runs a model on files takes (adaptation,
// learning, scripts). Here, not in pipeline: normalisation is the model's contract, and
// inference may import pipeline (pipeline never imports inference).
import { prepareImage, type PreparedImage, type PrepareImageOptions } from '../pipeline';
import type { ModelCard } from './model-card';
import { modelInput } from './model-input';

/** How to prepare the image; size, resize and normalisation come from the card. */
export type PrepareModelInputOptions = Omit<PrepareImageOptions, 'inputSize' | 'resize'>;

export type PreparedModelInput =
  | (Extract<PreparedImage, { ok: true }> & { modelInput: Float32Array })
  | Extract<PreparedImage, { ok: false }>;

export async function prepareModelInput(bytes: Uint8Array, card: Pick<ModelCard, 'id' | 'input'>, options: PrepareModelInputOptions = {}): Promise<PreparedModelInput> {
  const prepared = await prepareImage(bytes, { ...options, inputSize: card.input.size, resize: card.input.resize });
  return prepared.ok ? { ...prepared, modelInput: modelInput(prepared.input, card) } : prepared;
}

// A training run's memory, estimated before it starts, so a run too big for this browser
// is refused with a sentence instead of crashing the tab part-way. Deliberately generous:
// the model's weights are held about three times (the package's bytes, tfjs's copy in the
// WASM heap, the learned package being written), one image's largest activations while
// features are extracted, and the features several times over (all examples, each
// fold's training and test copies, the final fit).
export interface MemoryEstimateInput {
  examples: number;
  /** Floats per example's pooled features. */
  featureSize: number;
  /** Bytes of the base model's weights. */
  modelBytes: number;
  /** Model input [h, w]. */
  inputSize: readonly [number, number];
}

/** Default ceiling: within what a 32-bit WASM heap and a tab can hold on a modest machine. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 1.5 * 1024 ** 3;
const FEATURE_COPIES = 6;
const WEIGHT_COPIES = 3;
/** A first VGG-style block keeps ~4 tensors of h × w × 64 floats alive. */
const ACTIVATION_CHANNELS = 64 * 4;

export function estimateTrainingBytes({ examples, featureSize, modelBytes, inputSize }: MemoryEstimateInput): number {
  const features = examples * featureSize * 4 * FEATURE_COPIES;
  const activations = inputSize[0] * inputSize[1] * ACTIVATION_CHANNELS * 4;
  return modelBytes * WEIGHT_COPIES + activations + features;
}

const mib = (bytes: number): string => `${Math.ceil(bytes / 1024 ** 2)} MB`;

/** A sentence when the estimate is above the limit; null when the run may start. */
export function memoryRefusal(input: MemoryEstimateInput, limitBytes: number): string | null {
  const needed = estimateTrainingBytes(input);
  if (needed <= limitBytes) return null;
  return (
    `Training would need about ${mib(needed)} of memory (${input.examples} examples × ${input.featureSize} features, ` +
    `a ${mib(input.modelBytes)} model), above this browser's limit of ${mib(limitBytes)}; ` +
    `train on fewer examples or on a smaller base model.`
  );
}

/** The pooled feature size a graph's heads read, from its weights: the widest convolution's output channels. */
export function featureSizeFromWeights(weights: readonly { shape: readonly number[] }[]): number {
  let widest = 0;
  for (const w of weights) if (w.shape.length === 4) widest = Math.max(widest, w.shape[3]!);
  return widest || 2048;
}

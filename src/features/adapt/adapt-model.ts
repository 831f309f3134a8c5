// Label-free adaptation of a model package to a lab's images, host-agnostic (Node CLI
// now, a browser worker later): the caller sets the tfjs backend and passes prepared,
// normalised model inputs. Layer by layer, in graph order, the folded convolution is
// rescaled so its pre-activations on the target images have the per-channel mean and
// spread they had on the source (training-domain) images; later layers are measured
// with the earlier ones already adapted. The result is a complete package: same graph,
// new weights in the base's storage dtype, a card naming the base and the adaptation.
import * as tf from '@tensorflow/tfjs';
import { manifestBytes, computeModelHash, type LoadedModelPackage, type ModelJson, type WeightSpecJson, parseModelCard, sha256Hex } from '../inference/headless';
import { type ModelCard, BEFORE_ADAPTATION } from '../inference';
import { adaptedModelId } from './adapted-id';
import { AdaptError, convSteps, convTrunk } from './conv-chain';
import { encodeHalf, roundToHalf } from '../../lib/float16';
import { measurePreActivations, type WeightTensors } from './measure';
import type { ChannelStats } from './statistics';
import { adaptFoldedConv } from './weight-update';

export const ADAPTED_SHARD = 'group1-shard1of1.bin';

export interface AdaptProgress {
  stage: 'source' | 'target';
  /** 1-based layer being measured (source: all at once, layer = layers). */
  layer: number;
  layers: number;
  node: string;
  images: number;
  of: number;
}

export interface AdaptOptions {
  /** Target images: normalised model inputs (h*w*3, as normaliseInput gives). */
  target: Float32Array[];
  /** Source images, or their statistics already measured (one per adapted layer). */
  source: Float32Array[] | { stats: ChannelStats[] };
  /** Words for the card: where the source statistics came from. */
  sourceDescription: string;
  /** Adapt the first N convolutions; default all. */
  layers?: number;
  id?: string;
  version?: string;
  date?: Date;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: AdaptProgress) => void;
}

export interface AdaptedLayer {
  node: string;
  channels: number;
  /** Range of the per-channel scale s_src / s_tgt. */
  scale: [number, number];
  /** Mean |m_src - m_tgt| over channels, in units of s_src. */
  meanShift: number;
}

export interface AdaptedPackage {
  card: ModelCard;
  modelJson: ModelJson;
  /** File name -> bytes: model.json, grading.json and the shard. */
  files: Record<string, Uint8Array>;
  layers: AdaptedLayer[];
  modelHash: string;
}

const isHalf = (spec: WeightSpecJson) => spec.quantization?.dtype === 'float16';

function specByName(pkg: LoadedModelPackage): Map<string, { spec: WeightSpecJson; offset: number }> {
  const out = new Map<string, { spec: WeightSpecJson; offset: number }>();
  let offset = 0;
  for (const spec of pkg.weightSpecs) {
    out.set(spec.name, { spec, offset });
    offset += manifestBytes([spec]);
  }
  return out;
}

function encodeSpec(spec: WeightSpecJson, values: Float32Array): Uint8Array {
  if (isHalf(spec)) return encodeHalf(values);
  if (spec.dtype === 'float32' && !spec.quantization) return new Uint8Array(Float32Array.from(values).buffer);
  throw new AdaptError(`weight "${spec.name}" is stored as ${spec.quantization?.dtype ?? spec.dtype}; adaptation writes float32 or float16 only`);
}


export async function adaptModel(pkg: LoadedModelPackage, options: AdaptOptions): Promise<AdaptedPackage> {
  const trunk = convTrunk(pkg.modelJson);
  const convs = convSteps(trunk);
  const count = options.layers ?? convs.length;
  if (!Number.isInteger(count) || count < 1 || count > convs.length) {
    throw new AdaptError(`--layers must be between 1 and ${convs.length} (the model's convolutions), not ${options.layers}`);
  }
  if (options.target.length === 0) throw new AdaptError('no target images to adapt to');
  const adaptedFrom = pkg.card.adaptation?.baseModel;
  if (adaptedFrom && !('stats' in options.source)) {
    // Its weights no longer give the base's source statistics, so matching them would not undo the shift.
    throw new AdaptError(`model ${pkg.card.id} is already adapted (from ${adaptedFrom.id} ${adaptedFrom.version}); adapt its base model instead`);
  }
  const layerIndexes = Array.from({ length: count }, (_, i) => i);
  const inputSize = pkg.card.input.size;
  const specs = specByName(pkg);
  const weights: WeightTensors = tf.io.decodeWeights(pkg.weightData, pkg.weightSpecs as tf.io.WeightsManifestEntry[]);
  const progress = (stage: AdaptProgress['stage'], layer: number, of: number) => (images: number) =>
    options.onProgress?.({ stage, layer: layer + 1, layers: count, node: convs[layer]!.node, images, of });

  try {
    const measure = { batchSize: options.batchSize, signal: options.signal };
    const source =
      'stats' in options.source
        ? options.source.stats
        : await measurePreActivations(trunk, weights, options.source, inputSize, layerIndexes, { ...measure, onBatch: progress('source', count - 1, (options.source as Float32Array[]).length) });
    if (source.length < count) throw new AdaptError(`source statistics cover ${source.length} layers; ${count} are to be adapted`);

    const layers: AdaptedLayer[] = [];
    const replaced = new Map<string, Float32Array>();
    for (const index of layerIndexes) {
      const conv = convs[index]!;
      const [target] = await measurePreActivations(trunk, weights, options.target, inputSize, [index], {
        ...measure,
        onBatch: progress('target', index, options.target.length),
      });
      const kernelTensor = weights[conv.kernel]!;
      const biasTensor = weights[conv.bias]!;
      const adapted = adaptFoldedConv(Float32Array.from(await kernelTensor.data()), Float32Array.from(await biasTensor.data()), source[index]!, target!);
      // Later layers are measured with exactly the weights that will be stored.
      const kernel = isHalf(specs.get(conv.kernel)!.spec) ? roundToHalf(adapted.kernel) : adapted.kernel;
      const bias = isHalf(specs.get(conv.bias)!.spec) ? roundToHalf(adapted.bias) : adapted.bias;
      weights[conv.kernel] = tf.tensor(kernel, kernelTensor.shape);
      weights[conv.bias] = tf.tensor(bias, biasTensor.shape);
      kernelTensor.dispose();
      biasTensor.dispose();
      replaced.set(conv.kernel, kernel);
      replaced.set(conv.bias, bias);
      const src = source[index]!;
      const shift = src.mean.reduce((sum, m, c) => sum + Math.abs(m - target!.mean[c]!) / Math.max(src.std[c]!, 1e-12), 0) / src.mean.length;
      layers.push({ node: conv.node, channels: bias.length, scale: [Math.min(...adapted.scale), Math.max(...adapted.scale)], meanShift: shift });
    }
    return await writePackage(pkg, replaced, layers, options);
  } finally {
    for (const tensor of Object.values(weights)) tensor.dispose();
  }
}

async function writePackage(pkg: LoadedModelPackage, replaced: Map<string, Float32Array>, layers: AdaptedLayer[], options: AdaptOptions): Promise<AdaptedPackage> {
  // Untouched weights keep their exact bytes; re-estimated ones are encoded as the base stored them.
  const original = new Uint8Array(pkg.weightData);
  const parts: Uint8Array[] = [];
  for (const [name, { spec, offset }] of specByName(pkg)) {
    const values = replaced.get(name);
    parts.push(values ? encodeSpec(spec, values) : original.subarray(offset, offset + manifestBytes([spec])));
  }
  const shard = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    shard.set(part, at);
    at += part.length;
  }
  const modelJson: ModelJson = { ...pkg.modelJson, weightsManifest: [{ paths: [ADAPTED_SHARD], weights: pkg.weightSpecs }] };
  const date = options.date ?? new Date();
  const base = pkg.card;
  // The base's figures do not describe the new weights, so they are kept apart under
  // beforeAdaptation (what the base did, for the user to compare, never as this model's own);
  // its source statistics are the base's own (an adapted model is never adapted again), and
  // the new package does not hold the file.
  const { metrics: baseMetrics, adaptationSource: _baseSource, ...rest } = base;
  const card = parseModelCard({
    ...rest,
    ...(baseMetrics ? { metrics: { [BEFORE_ADAPTATION]: { model: `${base.id} ${base.version}`, ...baseMetrics } } } : {}),
    id: options.id ?? adaptedModelId(base.id, date),
    version: options.version ?? `${base.version}+adapted.${date.toISOString().slice(0, 10)}`,
    weights: { [ADAPTED_SHARD]: await sha256Hex(shard) },
    adaptation: {
      method: 'adabn-folded',
      baseModel: { id: base.id, version: base.version, hash: pkg.modelHash },
      images: options.target.length,
      layers: layers.map((l) => l.node),
      date: date.toISOString(),
      sourceStats: options.sourceDescription,
    },
  });
  const text = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return {
    card,
    modelJson,
    files: { 'model.json': new TextEncoder().encode(JSON.stringify(modelJson)), 'grading.json': text(card), [ADAPTED_SHARD]: shard },
    layers,
    modelHash: await computeModelHash(modelJson, card),
  };
}

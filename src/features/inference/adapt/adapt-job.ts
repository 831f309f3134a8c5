// One adaptation job, the same in every host (the Node CLI, the browser's adapt worker):
// prepare the lab's images as the grader does, render and prepare phantoms as the source
// (training-domain) statistics, adapt, and hand back the new package's files. The host
// sets the tfjs backend, reads its own files and writes the result where it keeps models.
// It lives beside adaptModel in the inference feature: it uses pipeline (image → model
// input) and phantom, neither of which imports inference, so the imports stay one way.
import * as tf from '@tensorflow/tfjs';
import { phantomPng, renderPhantom } from '../../phantom';
import { prepareImage, type PrepareImageOptions } from '../../pipeline';
import type { LoadedModelPackage } from '../load-model';
import { normalizeInput } from '../normalize-input';
import { adaptModel, type AdaptedPackage } from './adapt-model';
import { AdaptError, convSteps, convTrunk } from './conv-chain';
import { DEFAULT_ADAPT_LAYERS, DEFAULT_PHANTOM_SEED, DEFAULT_SOURCE_PHANTOMS, MIN_ADAPT_IMAGES } from './defaults';
import { measurePreActivations } from './measure';
import { sourceDescription, sourcePhantom, stylesKeyPart, trainedStyles } from './source-phantoms';
import type { ChannelStats } from './statistics';

export type ReadImageResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** One of the lab's images: read only when its turn comes (a lab may hold hundreds). */
export interface AdaptJobImage {
  name: string;
  read(): Promise<ReadImageResult>;
}

export interface AdaptJobProgress {
  /** prepare: the lab's images; phantoms: the source images; source / target: measuring and adapting layers. */
  stage: 'prepare' | 'phantoms' | 'source' | 'target';
  done: number;
  of: number;
  /** The layer being adapted (target), 1-based. */
  layer?: number;
  layers: number;
  /** The image (prepare) or convolution node (source, target) at hand. */
  item?: string;
  /** Share of the whole job done, 0..1, weighted by what each step costs. */
  fraction: number;
}

/** The phantoms' statistics of the first layers of one base model, as a cache keeps them. */
export interface SourceStatistics {
  stats: ChannelStats[];
  /** Phantoms that were located and measured. */
  images: number;
}

/**
 * Where a host keeps source statistics between jobs. They depend only on the base model,
 * the phantom styles it was trained on, the phantoms' seed and count and the layers measured, and rendering the phantoms is most
 * of a job's time: a second adaptation of the same base skips it.
 */
export interface SourceStatisticsCache {
  get(key: string): Promise<SourceStatistics | null>;
  put(key: string, value: SourceStatistics): Promise<void>;
}

export interface AdaptJobOptions {
  /** Adapt the first N convolutions; default DEFAULT_ADAPT_LAYERS ('all' adapts every one). */
  layers?: number | 'all';
  phantoms?: number;
  seed?: string;
  id?: string;
  date?: Date;
  /** How the host decodes PNG (the browser's worker: 'native-png', as it does to grade). */
  decoder?: PrepareImageOptions['decoder'];
  signal?: AbortSignal;
  onProgress?: (progress: AdaptJobProgress) => void;
  sourceCache?: SourceStatisticsCache;
}

export interface AdaptJobResult {
  adapted: AdaptedPackage;
  images: { given: number; used: number; failed: { name: string; error: string }[] };
  sourceImages: number;
  /** The source statistics came from the cache (no phantom was rendered). */
  sourceCached: boolean;
  timings: { prepareMs: number; phantomMs: number; adaptMs: number };
}

/**
 * The number of layers to adapt, or an AdaptError saying why this model or count cannot
 * be adapted; checked before any image is prepared.
 */
export function adaptableLayers(pkg: LoadedModelPackage, layers: number | 'all' = DEFAULT_ADAPT_LAYERS): number {
  const adaptedFrom = pkg.card.adaptation?.baseModel;
  if (adaptedFrom) {
    // Its weights no longer give the base's source statistics, so matching them would not undo the shift.
    throw new AdaptError(`model ${pkg.card.id} is already adapted (from ${adaptedFrom.id} ${adaptedFrom.version}); adapt its base model instead`);
  }
  const convs = convSteps(convTrunk(pkg.modelJson)).length;
  if (layers === 'all') return convs;
  if (!Number.isInteger(layers) || layers < 1 || layers > convs) {
    throw new AdaptError(`--layers must be between 1 and ${convs} (the model's convolutions), not ${layers}`);
  }
  return layers;
}

/** The cache key of a base model's source statistics (naming its card's phantom styles, unless the default style alone). */
export function sourceStatisticsKey(pkg: LoadedModelPackage, seed: string, phantoms: number, layers: number): string {
  return `${pkg.modelHash}/${seed}/${phantoms}/${layers}${stylesKeyPart(trainedStyles(pkg.card))}`;
}

/** Per-channel pre-activation statistics of the first `layers` convolutions on these images (the base's own weights). */
async function measureSource(pkg: LoadedModelPackage, images: Float32Array[], layers: number, options: { signal?: AbortSignal; onBatch?: (done: number) => void }): Promise<ChannelStats[]> {
  const weights = tf.io.decodeWeights(pkg.weightData, pkg.weightSpecs as tf.io.WeightsManifestEntry[]);
  try {
    return await measurePreActivations(convTrunk(pkg.modelJson), weights, images, pkg.card.input.size, Array.from({ length: layers }, (_, i) => i), options);
  } finally {
    for (const tensor of Object.values(weights)) tensor.dispose();
  }
}

/** Relative cost of each step (measured: a phantom's render + encode + prepare is about 3 images' prepare). */
const COST = { image: 1, phantom: 3, measure: 0.05 };

export async function runAdaptJob(pkg: LoadedModelPackage, images: AdaptJobImage[], options: AdaptJobOptions = {}): Promise<AdaptJobResult> {
  const { signal } = options;
  const layers = adaptableLayers(pkg, options.layers);
  const phantomCount = options.phantoms ?? DEFAULT_SOURCE_PHANTOMS;
  if (!(Number.isInteger(phantomCount) && phantomCount >= MIN_ADAPT_IMAGES)) throw new AdaptError(`at least ${MIN_ADAPT_IMAGES} phantoms are needed for the source statistics, not ${phantomCount}`);
  if (images.length === 0) throw new AdaptError('no images to adapt to');
  const seed = options.seed ?? DEFAULT_PHANTOM_SEED;
  const styles = trainedStyles(pkg.card);
  signal?.throwIfAborted();

  // Work units: preparing each image and phantom, then measuring (a pass to layer k costs about k);
  // re-counted once it is known how many images and phantoms were usable (it only shrinks).
  const workUnits = (sources: number, targets: number) =>
    images.length * COST.image + phantomCount * COST.phantom + (sources * layers + (targets * layers * (layers + 1)) / 2) * COST.measure;
  let total = workUnits(phantomCount, images.length);
  let spent = 0;
  const report = (progress: Omit<AdaptJobProgress, 'layers' | 'fraction'>, units = 0) => {
    spent += units;
    options.onProgress?.({ ...progress, layers, fraction: Math.min(1, spent / total) });
  };
  const prepare = async (bytes: Uint8Array) => {
    const prepared = await prepareImage(bytes, { inputSize: pkg.card.input.size, resize: pkg.card.input.resize, decoder: options.decoder });
    return prepared.ok ? { ok: true as const, input: normalizeInput(prepared.input, pkg.card.input.normalization) } : prepared;
  };

  const started = performance.now();
  const target: Float32Array[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const [index, image] of images.entries()) {
    signal?.throwIfAborted();
    report({ stage: 'prepare', done: index, of: images.length, item: image.name });
    const read = await image.read();
    const prepared = read.ok ? await prepare(read.bytes) : read;
    if (prepared.ok) target.push(prepared.input);
    else failed.push({ name: image.name, error: prepared.error });
    spent += COST.image;
  }
  report({ stage: 'prepare', done: images.length, of: images.length });
  if (target.length < MIN_ADAPT_IMAGES) {
    throw new AdaptError(`only ${target.length} of ${images.length} images had an embryo located; adaptation needs at least ${MIN_ADAPT_IMAGES}`);
  }

  total = workUnits(phantomCount, target.length);
  const prepared = performance.now();
  const key = sourceStatisticsKey(pkg, seed, phantomCount, layers);
  const cached = await options.sourceCache?.get(key).catch(() => null);
  let source: SourceStatistics;
  if (cached && cached.stats.length >= layers) {
    source = cached;
    spent += phantomCount * COST.phantom + cached.images * layers * COST.measure;
  } else {
    const phantoms: Float32Array[] = [];
    for (let i = 0; i < phantomCount; i++) {
      signal?.throwIfAborted();
      report({ stage: 'phantoms', done: i, of: phantomCount });
      const { style, nuisance } = sourcePhantom(styles, i);
      const phantom = renderPhantom({ seed: `${seed}/${i}`, style, nuisance });
      const result = await prepare(phantomPng(phantom));
      if (result.ok) phantoms.push(result.input);
      spent += COST.phantom;
    }
    report({ stage: 'phantoms', done: phantomCount, of: phantomCount });
    total = workUnits(phantoms.length, target.length);
    let measured = 0;
    const stats = await measureSource(pkg, phantoms, layers, {
      signal,
      onBatch: (done) => {
        report({ stage: 'source', done, of: phantoms.length, item: `${layers} layers` }, (done - measured) * layers * COST.measure);
        measured = done;
      },
    });
    source = { stats, images: phantoms.length };
    await options.sourceCache?.put(key, source).catch(() => undefined); // a cache that fails only costs time
  }
  const rendered = performance.now();
  // Measuring passes: each reports the images done so far; turn that into units spent.
  let lastDone = 0;
  let lastKey = '';
  const adapted = await adaptModel(pkg, {
    target,
    source: { stats: source.stats },
    sourceDescription: sourceDescription(styles, source.images, seed),
    layers,
    id: options.id,
    date: options.date,
    signal,
    onProgress: (p) => {
      const key = `${p.stage}/${p.layer}`;
      if (key !== lastKey) [lastKey, lastDone] = [key, 0];
      const units = (p.images - lastDone) * COST.measure * p.layer;
      lastDone = p.images;
      report({ stage: p.stage, done: p.images, of: p.of, layer: p.stage === 'target' ? p.layer : undefined, item: p.node }, units);
    },
  });
  const finished = performance.now();
  return {
    adapted,
    images: { given: images.length, used: target.length, failed },
    sourceImages: source.images,
    sourceCached: source === cached,
    timings: { prepareMs: prepared - started, phantomMs: rendered - prepared, adaptMs: finished - rendered },
  };
}

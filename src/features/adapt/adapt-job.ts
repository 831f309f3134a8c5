// One adaptation job, the same in every host (the Node CLI, the browser's adapt worker):
// prepare the lab's images as the grader does, take the source (training-domain) statistics
// from the package when it ships them (source-file.ts), else from the host's cache, else
// render and prepare phantoms and measure them, adapt, and hand back the new package's files. The host
// sets the tfjs backend, reads its own files and writes the result where it keeps models.
import * as tf from '@tensorflow/tfjs';
import { phantomPng, renderPhantom } from '../phantom';
import type { ReadImageResult } from '../pipeline';
import { type LoadedModelPackage, prepareModelInput, type PrepareModelInputOptions } from '../inference/headless';
import { adaptModel, type AdaptedPackage } from './adapt-model';
import { AdaptError, convSteps, convTrunk } from './conv-chain';
import { DEFAULT_ADAPT_LAYERS, DEFAULT_PHANTOM_SEED, DEFAULT_SOURCE_PHANTOMS, MIN_ADAPT_IMAGES } from './defaults';
import { measurePreActivations } from './measure';
import { shippedSource } from './source-file';
import { sourceDescription, sourcePhantom, stylesKeyPart, trainedStyles } from './source-phantoms';
import type { ChannelStats, SourceStatistics } from './statistics';

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

export type { SourceStatistics };

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
  decoder?: PrepareModelInputOptions['decoder'];
  signal?: AbortSignal;
  onProgress?: (progress: AdaptJobProgress) => void;
  sourceCache?: SourceStatisticsCache;
  /** Why statistics the package ships were not used (default: console.warn); the job goes on and renders. */
  onNote?: (message: string) => void;
}

/** Where a job's source statistics came from: the package's own file, the host's cache, or phantoms rendered now. */
export type SourceFrom = 'package' | 'cache' | 'rendered';

export interface AdaptJobResult {
  adapted: AdaptedPackage;
  images: { given: number; used: number; failed: { name: string; error: string }[] };
  sourceImages: number;
  sourceFrom: SourceFrom;
  /** Why the package's shipped statistics were not used, when it ships some. */
  sourceNote?: string;
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

/** An image's bytes as the model's input, prepared exactly as the grader prepares it. */
const preparer = (pkg: LoadedModelPackage, decoder: PrepareModelInputOptions['decoder']) => (bytes: Uint8Array) => prepareModelInput(bytes, pkg.card, { decoder });

export interface SourceMeasureOptions {
  seed: string;
  phantoms: number;
  layers: number;
  decoder?: PrepareModelInputOptions['decoder'];
  signal?: AbortSignal;
  /** Before phantom `done` is rendered, and once more with done = of. */
  onPhantom?: (done: number, of: number) => void;
  /** After each measured batch: phantoms measured so far, of those located. */
  onMeasured?: (done: number, of: number) => void;
}

/**
 * The base model's source statistics: phantoms in the styles it was trained on, rendered and
 * prepared like the lab's images, measured through its first `layers` convolutions. The one
 * implementation behind both an adaptation and the statistics a package ships.
 */
export async function measureSourceStatistics(pkg: LoadedModelPackage, options: SourceMeasureOptions): Promise<SourceStatistics> {
  const { seed, phantoms: count, layers, signal } = options;
  const styles = trainedStyles(pkg.card);
  const prepare = preparer(pkg, options.decoder);
  const phantoms: Float32Array[] = [];
  for (let i = 0; i < count; i++) {
    signal?.throwIfAborted();
    options.onPhantom?.(i, count);
    const { style, nuisance } = sourcePhantom(styles, i);
    const phantom = renderPhantom({ seed: `${seed}/${i}`, style, nuisance });
    const result = await prepare(phantomPng(phantom));
    if (result.ok) phantoms.push(result.modelInput);
  }
  options.onPhantom?.(count, count);
  if (phantoms.length === 0) throw new AdaptError(`none of the ${count} phantoms had an embryo located`);
  const stats = await measureSource(pkg, phantoms, layers, { signal, onBatch: (done) => options.onMeasured?.(done, phantoms.length) });
  return { stats, images: phantoms.length };
}

/** Source statistics known without rendering: the package's own file when it fits, else the host's cache. */
async function knownSource(
  pkg: LoadedModelPackage,
  wanted: { seed: string; phantoms: number; layers: number },
  options: AdaptJobOptions,
): Promise<{ source: SourceStatistics; from: SourceFrom; note?: string } | { note?: string }> {
  const nodes = convSteps(convTrunk(pkg.modelJson)).map((c) => c.node);
  const shipped = shippedSource(pkg.card, pkg.files, { ...wanted, modelHash: pkg.modelHash, styles: trainedStyles(pkg.card), nodes });
  if (shipped && 'use' in shipped) return { source: shipped.use, from: 'package' };
  const note = shipped?.ignore && `the package's source statistics are not used: ${shipped.ignore}`;
  if (note) (options.onNote ?? console.warn)(note);
  const cached = await options.sourceCache?.get(sourceStatisticsKey(pkg, wanted.seed, wanted.phantoms, wanted.layers)).catch(() => null);
  if (cached && cached.stats.length >= wanted.layers) return { source: cached, from: 'cache', note };
  return { note };
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
  // Known before any image is prepared, so the progress never counts phantoms that will not be rendered.
  const known = await knownSource(pkg, { seed, phantoms: phantomCount, layers }, options);
  const toRender = 'source' in known ? 0 : phantomCount;

  // Work units: preparing each image and phantom, then measuring (a pass to layer k costs about k);
  // re-counted once it is known how many images and phantoms were usable (it only shrinks).
  const workUnits = (sources: number, targets: number) =>
    images.length * COST.image + toRender * COST.phantom + (sources * layers + (targets * layers * (layers + 1)) / 2) * COST.measure;
  let total = workUnits(toRender, images.length);
  let spent = 0;
  const report = (progress: Omit<AdaptJobProgress, 'layers' | 'fraction'>, units = 0) => {
    spent += units;
    options.onProgress?.({ ...progress, layers, fraction: Math.min(1, spent / total) });
  };
  const prepare = preparer(pkg, options.decoder);

  const started = performance.now();
  const target: Float32Array[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const [index, image] of images.entries()) {
    signal?.throwIfAborted();
    report({ stage: 'prepare', done: index, of: images.length, item: image.name });
    const read = await image.read();
    const prepared = read.ok ? await prepare(read.bytes) : read;
    if (prepared.ok) target.push(prepared.modelInput);
    else failed.push({ name: image.name, error: prepared.error });
    spent += COST.image;
  }
  report({ stage: 'prepare', done: images.length, of: images.length });
  if (target.length < MIN_ADAPT_IMAGES) {
    throw new AdaptError(`only ${target.length} of ${images.length} images had an embryo located; adaptation needs at least ${MIN_ADAPT_IMAGES}`);
  }

  total = workUnits(toRender, target.length);
  const prepared = performance.now();
  let source: SourceStatistics;
  if ('source' in known) {
    source = known.source;
  } else {
    let measured = 0;
    source = await measureSourceStatistics(pkg, {
      seed,
      phantoms: phantomCount,
      layers,
      decoder: options.decoder,
      signal,
      onPhantom: (done, of) => report({ stage: 'phantoms', done, of }, done > 0 ? COST.phantom : 0),
      onMeasured: (done, of) => {
        if (measured === 0) total = workUnits(of, target.length); // only the located phantoms are measured
        report({ stage: 'source', done, of, item: `${layers} layers` }, (done - measured) * layers * COST.measure);
        measured = done;
      },
    });
    await options.sourceCache?.put(sourceStatisticsKey(pkg, seed, phantomCount, layers), source).catch(() => undefined); // a cache that fails only costs time
  }
  const rendered = performance.now();
  // Measuring passes: each reports the images done so far; turn that into units spent.
  let lastDone = 0;
  let lastKey = '';
  const adapted = await adaptModel(pkg, {
    target,
    source: { stats: source.stats.slice(0, layers) },
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
  const sourceFrom: SourceFrom = 'from' in known ? known.from : 'rendered';
  return {
    adapted,
    images: { given: images.length, used: target.length, failed },
    sourceImages: source.images,
    sourceFrom,
    ...(known.note ? { sourceNote: known.note } : {}),
    timings: { prepareMs: prepared - started, phantomMs: rendered - prepared, adaptMs: finished - rendered },
  };
}

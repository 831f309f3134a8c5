// One learning job, the same in every host (the Node CLI's learn, the app's learning worker):
// check the examples can be learned (memory, classes per fold) before any image is read, take
// each example's trunk features (takeFeatures: the host's cache, else prepare as grading does and
// run the trunk), leave out every image that could not be used (named, with why; `strict`
// refuses instead, as before), check again that what is left can be learned, then
// cross-validate and fit the heads and hand back the new package's files and the skip list.
// The host sets the tfjs backend, loads the base model, reads its own files or stores and writes
// the result where it keeps models.
//
// Built to grow: whether an unusable image refuses the job is decided in one place (runLearnJob),
// features come through the host's FeatureCache, and takeFeatures is a step of its own, so a job
// over a whole archive, a feature cache or learning curves (features taken once, learned on
// growing subsets) reuse these pieces.
import type { LoadedModelPackage } from '../inference/headless';
import { DEFAULT_FOLDS } from '../learning/headless';
import { takeFeatures, type FeatureCache, type FeatureProgress, type ImagePreparer, type LearnJobExample, type TrunkRunner } from './example-features';
import { featureSizeFromWeights, memoryRefusal } from './memory-estimate';
import { featureLayout } from './train/base-heads';
import { checkLearnable, DEFAULT_LEARN_SEED, learnFromExamples } from './train/learn';
import { LearnError, type LearnedPackage, type LearnOptions, type LearnProgress, type SkippedImage } from './train/types';

export type { FeatureCache, ImagePreparer, LearnJobExample, TrunkRunner };

/** ready: the examples can be learned, before any image is read; then each stage in turn. */
export type LearnJobProgress = { stage: 'ready'; examples: number } | FeatureProgress | LearnProgress;

export interface LearnJobOptions {
  /** Cross-validation folds (default 5) and the seed of the folds and bootstrap (default 1). */
  folds?: number;
  seed?: number;
  /** What outcome 1 meant in the lab's data; default 'good'. */
  positiveLabel?: string;
  /** The learned card's id and version (defaults: named after the base and the date). */
  id?: string;
  version?: string;
  date?: Date;
  /** A ceiling on the run's estimated memory; above it the job is refused before any work (none: no check). */
  memoryLimitBytes?: number;
  featureCache?: FeatureCache;
  /**
   * All or nothing: refuse the job (UnusableImagesError) if any image cannot be read, decoded or
   * located. Default false: such images are left out, listed in the result and the report.
   */
  strict?: boolean;
  /** Where the trunk runs (default: in this realm, a batch at a time); the features are the same either way. */
  trunk?: TrunkRunner;
  /** Where the images are prepared (default: in this realm, one at a time); the inputs are the same either way. */
  preparer?: ImagePreparer;
  /** Where the head fits run (default: in this realm, one after another); the package is the same either way. */
  fitter?: LearnOptions['fitter'];
  /** How the host decodes PNG (the browser's worker: 'native-png', as it does to grade). */
  decoder?: 'native-png' | 'js';
  signal?: AbortSignal;
  onProgress?: (progress: LearnJobProgress) => void;
}

export interface LearnJobResult {
  learned: LearnedPackage;
  /** Images left out because they could not be used, with why (in the examples' order); empty when strict. */
  skipped: SkippedImage[];
  /** Examples whose features were taken in this job, and those the cache held. */
  features: { computed: number; cached: number };
  timings: { prepareMs: number; trunkMs: number; learnMs: number };
}

/** Images that could not be read or prepared, in a strict job: nothing is learned from a set with any (each is named). */
export class UnusableImagesError extends LearnError {
  constructor(readonly images: SkippedImage[]) {
    super(images.map((i) => `${i.name}: ${i.error}`).join('; '));
    this.name = 'UnusableImagesError';
  }
}

/**
 * What is left once the unusable images are left out cannot be learned (a class now too small,
 * or no image left): the images are named with the refusal, so the lab knows what to fix.
 */
export class TooFewUsableError extends LearnError {
  constructor(
    readonly images: SkippedImage[],
    readonly refusal: string,
  ) {
    const n = images.length;
    super(`${n} labelled image${n === 1 ? '' : 's'} could not be used and ${n === 1 ? 'was' : 'were'} left out (${images.map((i) => `${i.name}: ${i.error}`).join('; ')}); with the rest: ${refusal}`);
    this.name = 'TooFewUsableError';
  }
}

/** Floats per example the learner takes (the feature layout's), or the widest convolution's channels when the heads cannot be read (refused later, with why). */
function featureSizeOf(base: LoadedModelPackage): number {
  try {
    return featureLayout(base).size;
  } catch {
    return featureSizeFromWeights(base.weightSpecs);
  }
}

export async function runLearnJob(base: LoadedModelPackage, examples: LearnJobExample[], options: LearnJobOptions = {}): Promise<LearnJobResult> {
  const { folds = DEFAULT_FOLDS, seed = DEFAULT_LEARN_SEED, signal, onProgress } = options;
  if (options.memoryLimitBytes !== undefined) {
    const estimate = { examples: examples.length, featureSize: featureSizeOf(base), modelBytes: base.weightData.byteLength, inputSize: base.card.input.size };
    const refusal = memoryRefusal(estimate, options.memoryLimitBytes);
    if (refusal) throw new LearnError(refusal);
  }
  // Too few examples of a class, or one class only: refused with what is needed, before any image is read.
  checkLearnable(base, examples.map((e) => e.labels), { folds, seed });
  onProgress?.({ stage: 'ready', examples: examples.length });

  const taken = await takeFeatures(base, examples, { cache: options.featureCache, trunk: options.trunk, preparer: options.preparer, decoder: options.decoder, allOrNothing: options.strict, signal, onProgress });
  const skipped = taken.unusable;
  if (skipped.length > 0 && options.strict) throw new UnusableImagesError(skipped);
  const usable = examples.flatMap((e, i) => (taken.features[i] ? [{ key: e.key, features: taken.features[i], labels: e.labels, source: e.source, date: e.date }] : []));
  if (skipped.length > 0) {
    // The classes were counted with every image; count them again without the ones left out.
    if (usable.length === 0) throw new TooFewUsableError(skipped, 'no image is left to learn from.');
    try {
      checkLearnable(base, usable.map((e) => e.labels), { folds, seed });
    } catch (error) {
      if (error instanceof LearnError) throw new TooFewUsableError(skipped, error.message);
      throw error;
    }
  }
  const started = performance.now();
  const learned = await learnFromExamples(base, usable, {
    folds, seed, positiveLabel: options.positiveLabel, id: options.id, version: options.version, date: options.date, skippedImages: skipped, fitter: options.fitter, signal, onProgress,
  });
  signal?.throwIfAborted();
  return {
    learned,
    skipped,
    features: { computed: taken.computed, cached: taken.cached },
    timings: { prepareMs: taken.prepareMs, trunkMs: taken.trunkMs, learnMs: performance.now() - started },
  };
}

// Each example's pooled trunk features, taken once: read from the host's cache when it holds
// them, else the image is read, prepared as grading prepares it (at its known crop when the host
// has one), run through the trunk (the mean over its orientations) and handed to the cache at
// once, so a run cut short keeps what it took. An image that cannot be used is noted with its
// reason, not thrown: what to do about it is the job's decision.
import type { CropBox } from '../../lib/types';
import { prepareModelInput, type LoadedModelPackage, type PrepareModelInputOptions } from '../inference/headless';
import type { ExampleLabels } from '../learning/headless';
import type { ReadImageResult } from '../pipeline';
import { extractFeatures, releaseFeatureGraph } from './train/extract-features';

/** One labelled image of a learning job; its bytes are read only when its turn comes. */
export interface LearnJobExample {
  /** The image's content hash (the app's key): one example per image. */
  key: string;
  /** The file's name, for progress and for saying why it could not be used. */
  name: string;
  labels: ExampleLabels;
  /** Sheet or batch name, for the card. */
  source?: string;
  /** ISO date of the image or batch, when known. */
  date?: string;
  /** Where the embryo was found before (the app's import): cropped there without locating again. */
  crop?: CropBox;
  read(): Promise<ReadImageResult>;
}

/**
 * Where a host keeps features between runs: IndexedDB in the app's learning worker, a folder in
 * the CLI (`learn --cache DIR`). Features depend on the model, the image, its crop and the
 * locator version (the preprocess feature's LOCATOR_VERSION); the host keys them (by example
 * key in the map it returns). A cache that cannot answer for an example leaves it out of the
 * map: its features are computed again.
 */
export interface FeatureCache {
  get(modelHash: string, examples: readonly LearnJobExample[]): Promise<Map<string, Float32Array>>;
  put(modelHash: string, example: LearnJobExample, features: Float32Array): Promise<void>;
  /**
   * Optional, keyed alike: the examples whose image was read but could not be prepared (not
   * decoded, embryo not located), with the reason: listed as unusable again without reading or
   * decoding them. Only preparing failures are put; a file that could not be read is not (it may
   * be back next time).
   */
  getFailures?(modelHash: string, examples: readonly LearnJobExample[]): Promise<Map<string, string>>;
  putFailure?(modelHash: string, example: LearnJobExample, reason: string): Promise<void>;
}

export interface FeatureProgress {
  stage: 'features';
  /** Examples done; with `item`, the one about to be taken. */
  done: number;
  total: number;
  /** Examples whose features the cache held. */
  cached: number;
  item?: string;
  /** Set on the step after `item` when it could not be used: why (the job leaves it out, or refuses when strict). */
  unusable?: string;
}

export interface FeatureOptions {
  cache?: FeatureCache;
  decoder?: PrepareModelInputOptions['decoder'];
  /**
   * The features are of use only if every image is (a strict job): after the first unusable image
   * the rest are prepared (so every unusable one is named) but not run through the trunk.
   * Otherwise every usable image's features are taken and the unusable ones are listed.
   */
  allOrNothing?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: FeatureProgress) => void;
}

export interface TakenFeatures {
  /** In the examples' order; null for an unusable image (or one not taken after it, allOrNothing). */
  features: (Float32Array | null)[];
  unusable: { name: string; error: string }[];
  computed: number;
  cached: number;
  /** Reading and preparing the images, and running the trunk, ms. */
  prepareMs: number;
  trunkMs: number;
}

export async function takeFeatures(pkg: LoadedModelPackage, examples: readonly LearnJobExample[], options: FeatureOptions = {}): Promise<TakenFeatures> {
  const { cache, signal } = options;
  const known = (await cache?.get(pkg.modelHash, examples)) ?? new Map<string, Float32Array>();
  const knownFailures = (await cache?.getFailures?.(pkg.modelHash, examples.filter((e) => !known.has(e.key)))) ?? new Map<string, string>();
  const taken: TakenFeatures = { features: [], unusable: [], computed: 0, cached: 0, prepareMs: 0, trunkMs: 0 };
  const report = (done: number, item?: string) => options.onProgress?.({ stage: 'features', done, total: examples.length, cached: known.size, ...(item ? { item } : {}) });
  try {
    for (const [index, example] of examples.entries()) {
      signal?.throwIfAborted();
      report(index, example.name);
      const hit = known.get(example.key);
      if (hit) {
        taken.features.push(hit);
        taken.cached++;
        continue;
      }
      let mark = performance.now();
      const failedBefore = knownFailures.get(example.key);
      const read = failedBefore === undefined ? await example.read() : null;
      const prepared = read === null ? { ok: false as const, error: failedBefore! } : read.ok ? await prepareModelInput(read.bytes, pkg.card, { decoder: options.decoder, manualCrop: example.crop }) : read;
      taken.prepareMs += performance.now() - mark;
      if (!prepared.ok) {
        taken.unusable.push({ name: example.name, error: prepared.error });
        options.onProgress?.({ stage: 'features', done: index, total: examples.length, cached: known.size, item: example.name, unusable: prepared.error });
        if (read?.ok) await cache?.putFailure?.(pkg.modelHash, example, prepared.error);
      }
      if (!prepared.ok || (options.allOrNothing && taken.unusable.length > 0)) {
        taken.features.push(null);
        continue;
      }
      mark = performance.now();
      const [features] = await extractFeatures(pkg, [prepared.modelInput], { signal });
      taken.trunkMs += performance.now() - mark;
      taken.features.push(features!);
      taken.computed++;
      await cache?.put(pkg.modelHash, example, features!);
    }
  } finally {
    await releaseFeatureGraph(pkg);
  }
  report(examples.length);
  return taken;
}

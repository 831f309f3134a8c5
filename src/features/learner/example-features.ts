// Each example's pooled trunk features, taken once: read from the host's cache when it holds
// them, else the image is read and prepared as grading prepares it (at its known crop when the
// host has one); prepared images go through the trunk up to 8 at a time (each with its
// orientations, the mean over them kept: one execute per batch, not per image; the features are
// bit for bit those of one image at a time; a host with cores to spare runs several batches at
// once on its TrunkRunner while the next images are prepared) and to the cache at once, so a run cut short keeps
// all but the batch in hand. An image that cannot be used is noted with its reason, not thrown:
// what to do about it is the job's decision.
import type { CropBox } from '../../lib/types';
import { orientationCount, prepareModelInput, type LoadedModelPackage, type PrepareModelInputOptions } from '../inference/headless';
import type { ExampleLabels } from '../learning/headless';
import type { ReadImageResult } from '../pipeline';
import { featureLayout } from './train/base-heads';
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
 * the CLI (`learn --cache DIR`). Features depend on the model, the image, its crop, the locator
 * version (the preprocess feature's LOCATOR_VERSION) and the feature set taken (`featureSet`,
 * the layout's cacheTag, e.g. 'blocks345-mean-views4': 320 values over 4 orientations, never read as the 128 of 'gap', as the mean over 8 orientations, or as those of
 * entries written before sets were named); the host keys them (by example key in the map it
 * returns). A cache that cannot answer for an example leaves it out of the map: its features are
 * computed again.
 */
export interface FeatureCache {
  get(modelHash: string, examples: readonly LearnJobExample[], featureSet: string): Promise<Map<string, Float32Array>>;
  put(modelHash: string, example: LearnJobExample, features: Float32Array, featureSet: string): Promise<void>;
  /**
   * Optional, keyed by model, image, crop and locator version (not the feature set: the image
   * could not be prepared at all): the examples whose image was read but could not be prepared
   * (not decoded, embryo not located), with the reason: listed as unusable again without reading
   * or decoding them. Only preparing failures are put; a file that could not be read is not (it
   * may be back next time).
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

/**
 * Where prepared images go through the trunk, a batch at a time: here by default (one batch at a
 * time); a host with cores to spare (the CLI's worker threads) runs `concurrency` batches at once
 * while the next images are prepared. An image's features do not depend on where it ran.
 */
export interface TrunkRunner {
  readonly concurrency: number;
  /** Images a batch this runner prefers (default TRUNK_BATCH_IMAGES); fewer where the input is large. */
  readonly batchImages?: number;
  features(inputs: Float32Array[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/** An image made the model's input, or why it could not be. */
export type PreparedInput = { ok: true; modelInput: Float32Array } | { ok: false; error: string };

/**
 * Where images are read into model inputs (decoded, located or cut at their known crop, and
 * normalised, as grading prepares them): here by default, one at a time; a host with cores to
 * spare (the CLI's worker threads) prepares `concurrency` images at once, the job reading that
 * many ahead, so the trunk never waits for one thread to prepare. A model input does not depend
 * on where it was prepared.
 */
export interface ImagePreparer {
  readonly concurrency: number;
  prepare(bytes: Uint8Array, options: PrepareModelInputOptions, signal?: AbortSignal): Promise<PreparedInput>;
}

/**
 * Prepares in this realm, one image at a time. (Starting several at once in the app's learning
 * worker, where the browser reads and decodes off the thread, was measured: no gain, 73.8 against
 * 78.1 s of preparing a thousand images.)
 */
export function inRealmPreparer(card: LoadedModelPackage['card']): ImagePreparer {
  return {
    concurrency: 1,
    prepare: async (bytes, options) => {
      const prepared = await prepareModelInput(bytes, card, options);
      return prepared.ok ? { ok: true, modelInput: prepared.modelInput } : { ok: false, error: prepared.error };
    },
  };
}

export interface FeatureOptions {
  cache?: FeatureCache;
  trunk?: TrunkRunner;
  preparer?: ImagePreparer;
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
  /**
   * The time the job waited for images to be read and prepared (with a preparer that works ahead,
   * only what it did not hide), and the time the trunk was running (batches in parallel count
   * once; preparing goes on meanwhile), ms.
   */
  prepareMs: number;
  trunkMs: number;
}

/**
 * Images run through the trunk in one execute (each with its 4 orientations), where it runs in
 * the job's own realm (the app's learning worker). Larger batches bought nothing there: at 128 px
 * the trunk took 37-43 ms an image at 1, 2, 4 and 8 images a batch in Chromium's learning worker
 * and 62-63 ms in Node on one thread (same features bit for bit), while the WASM heap, which never
 * shrinks, grew with the batch (33 MiB at 2 against 92 at 8 in Chromium). The CLI's worker threads
 * keep 8 (CLI_TRUNK_BATCH_IMAGES in learn-worker-pool.ts).
 */
export const TRUNK_BATCH_IMAGES = 2;
/** At most this many input values (images x orientations x pixels x channels) go through the trunk at once, so a larger input size batches fewer images. */
const TRUNK_BATCH_VALUES = 2 * 1024 * 1024;

/** How many prepared images takeFeatures runs through this package's trunk together: `preferred`, fewer for a large input, at least 1. */
export function trunkBatchImages(card: LoadedModelPackage['card'], preferred = TRUNK_BATCH_IMAGES): number {
  const [h, w] = card.input.size;
  const perImage = h * w * card.input.channels * orientationCount([h, w], 'learning');
  return Math.max(1, Math.min(preferred, Math.floor(TRUNK_BATCH_VALUES / perImage)));
}

export async function takeFeatures(pkg: LoadedModelPackage, examples: readonly LearnJobExample[], options: FeatureOptions = {}): Promise<TakenFeatures> {
  const { cache, signal } = options;
  const featureSet = featureLayout(pkg).cacheTag;
  const known = (await cache?.get(pkg.modelHash, examples, featureSet)) ?? new Map<string, Float32Array>();
  const knownFailures = (await cache?.getFailures?.(pkg.modelHash, examples.filter((e) => !known.has(e.key)))) ?? new Map<string, string>();
  const taken: TakenFeatures = { features: new Array<Float32Array | null>(examples.length).fill(null), unusable: [], computed: 0, cached: 0, prepareMs: 0, trunkMs: 0 };
  const report = (done: number, item?: string) => options.onProgress?.({ stage: 'features', done, total: examples.length, cached: known.size, ...(item ? { item } : {}) });
  // Prepared images wait here until a batch is full (or the examples end, or a strict job meets
  // its first unusable image), then go through the trunk together and to the cache at once:
  // one batch of model inputs is held at a time (the runner's `concurrency` with a TrunkRunner, plus
  // the one being filled), however large the archive.
  const trunk = options.trunk;
  const batchImages = trunkBatchImages(pkg.card, trunk?.batchImages);
  const pending: { index: number; example: LearnJobExample; input: Float32Array }[] = [];
  const concurrency = Math.max(1, trunk?.concurrency ?? 1);
  // Batches in the trunk, oldest first; each settles to its error, if any, so none is left unhandled.
  const inFlight: Promise<unknown>[] = [];
  let busySince = 0;
  const runPending = async () => {
    if (pending.length === 0) return;
    const batch = pending.splice(0);
    const inputs = batch.map((p) => p.input);
    if (inFlight.length === 0) busySince = performance.now();
    const run = (trunk ? trunk.features(inputs, signal) : extractFeatures(pkg, inputs, { signal, batchSize: batch.length })).then(async (features) => {
      for (const [k, { index, example }] of batch.entries()) {
        taken.features[index] = features[k]!;
        taken.computed++;
        await cache?.put(pkg.modelHash, example, features[k]!, featureSet);
      }
    });
    inFlight.push(run.then(() => null, (error: unknown) => error ?? new Error('the trunk failed')));
    if (inFlight.length >= concurrency) await settleOldest();
  };
  const settleOldest = async () => {
    const error = await inFlight.shift();
    if (inFlight.length === 0) taken.trunkMs += performance.now() - busySince;
    if (error) throw error;
  };
  const runAll = async () => {
    await runPending();
    while (inFlight.length > 0) await settleOldest();
  };
  // Images not in the cache are read and prepared in order, up to the preparer's concurrency ahead
  // of the one the loop waits for (one at a time here by default).
  const preparer = options.preparer ?? inRealmPreparer(pkg.card);
  const toPrepare = examples.flatMap((e, index) => (known.has(e.key) ? [] : [index]));
  const preparing = new Map<number, Promise<PreparedExample>>();
  let nextToPrepare = 0;
  const prepareAhead = () => {
    while (preparing.size < Math.max(1, preparer.concurrency) && nextToPrepare < toPrepare.length) {
      const index = toPrepare[nextToPrepare++]!;
      const example = examples[index]!;
      const prepared = prepareExample(preparer, example, knownFailures.get(example.key), options);
      prepared.catch(() => undefined); // thrown where it is awaited
      preparing.set(index, prepared);
    }
  };
  const waitPrepared = async (index: number) => {
    prepareAhead();
    const mark = performance.now();
    try {
      return await preparing.get(index)!;
    } finally {
      // The next is started when the loop comes for it: at most `concurrency` images in hand.
      preparing.delete(index);
      taken.prepareMs += performance.now() - mark;
    }
  };
  try {
    for (const [index, example] of examples.entries()) {
      signal?.throwIfAborted();
      report(index, example.name);
      const hit = known.get(example.key);
      if (hit) {
        taken.features[index] = hit;
        taken.cached++;
        continue;
      }
      const { read, prepared } = await waitPrepared(index);
      if (!prepared.ok) {
        // A strict job's features end at its first unusable image: those prepared before it are taken (and cached) first.
        if (options.allOrNothing && taken.unusable.length === 0) await runAll();
        taken.unusable.push({ name: example.name, error: prepared.error });
        options.onProgress?.({ stage: 'features', done: index, total: examples.length, cached: known.size, item: example.name, unusable: prepared.error });
        if (read?.ok) await cache?.putFailure?.(pkg.modelHash, example, prepared.error);
        continue;
      }
      // After a strict job's first unusable image the rest are prepared only to name every unusable one.
      if (options.allOrNothing && taken.unusable.length > 0) continue;
      pending.push({ index, example, input: prepared.modelInput });
      if (pending.length >= batchImages) await runPending();
    }
    await runAll();
  } finally {
    // After a failure, let the batches still in the trunk and the images being prepared finish
    // before the graph is released.
    await Promise.all([...inFlight, ...[...preparing.values()].map((p) => p.catch(() => undefined))]);
    await releaseFeatureGraph(pkg);
  }
  report(examples.length);
  return taken;
}

interface PreparedExample {
  /** null when a failure the cache remembers was not read again. */
  read: ReadImageResult | null;
  prepared: PreparedInput;
}

/** Reads and prepares the example as grading does (a failure the cache remembers is not read or decoded again). */
async function prepareExample(preparer: ImagePreparer, example: LearnJobExample, failedBefore: string | undefined, options: FeatureOptions): Promise<PreparedExample> {
  if (failedBefore !== undefined) return { read: null, prepared: { ok: false, error: failedBefore } };
  const read = await example.read();
  const prepared = read.ok ? await preparer.prepare(read.bytes, { decoder: options.decoder, manualCrop: example.crop }, options.signal) : read;
  return { read, prepared };
}

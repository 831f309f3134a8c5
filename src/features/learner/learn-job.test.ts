import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, prepareModelInput, type LoadedModelPackage } from '../inference/headless';
import { phantomPng, renderPhantom, type CellGrade } from '../phantom';
import { inRealmPreparer, type ImagePreparer } from './example-features';
import { runLearnJob, TooFewUsableError, UnusableImagesError, type FeatureCache, type LearnJobExample, type LearnJobProgress } from './learn-job';
import { extractFeatures } from './train/extract-features';
import { learnFromExamples } from './train/learn';
import { LearnError } from './train/types';

const DEFAULT_MODEL = new URL('../../../public/models/default/', import.meta.url).pathname;
const GRADES: CellGrade[] = ['A', 'B', 'C'];
const DATE = new Date('2026-12-01T12:00:00Z');

/** `count` phantoms (default 15: ICM A/B/C five each); `reads` counts the images the job read. */
function phantomExamples(reads: string[] = [], count = 15): LearnJobExample[] {
  return Array.from({ length: count }, (_, i) => {
    const png = phantomPng(renderPhantom({ seed: `learn-job/${i}`, grades: { expansion: 4, icm: GRADES[i % 3]!, te: 'B' }, nuisance: 'none', width: 240, height: 180 }));
    return { key: `k${i}`, name: `p${i}.png`, labels: { icm: GRADES[i % 3]! }, source: 'sheet.csv', read: async () => (reads.push(`p${i}.png`), { ok: true as const, bytes: png }) };
  });
}

/** A cache in memory, counting what is put. */
function memoryCache(): FeatureCache & { puts: number; size: () => number } {
  const kept = new Map<string, Float32Array>();
  return {
    puts: 0,
    size: () => kept.size,
    async get(modelHash, examples, featureSet) {
      return new Map(examples.flatMap((e) => (kept.has(`${modelHash}/${featureSet}/${e.key}`) ? [[e.key, kept.get(`${modelHash}/${featureSet}/${e.key}`)!] as const] : [])));
    },
    async put(modelHash, example, features, featureSet) {
      this.puts++;
      kept.set(`${modelHash}/${featureSet}/${example.key}`, features);
    },
  };
}

describe('runLearnJob', () => {
  let base: LoadedModelPackage;
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    base = await loadModelPackage(folderSource(DEFAULT_MODEL));
  }, 120_000);

  it('prepares, takes features and learns as the engine does by hand; a second job reads every feature from the cache and writes the same bytes', async () => {
    const cache = memoryCache();
    const progress: LearnJobProgress[] = [];
    const first = await runLearnJob(base, phantomExamples(), { folds: 3, seed: 2, date: DATE, featureCache: cache, onProgress: (p) => progress.push(p) });
    expect(first.features).toEqual({ computed: 15, cached: 0 });
    expect(cache.size()).toBe(15);
    expect(progress[0]).toEqual({ stage: 'ready', examples: 15 });
    const features = progress.filter((p) => p.stage === 'features');
    expect(features.map((p) => p.done)).toEqual([...Array.from({ length: 15 }, (_, i) => i), 15]);
    expect(features[3]).toMatchObject({ item: 'p3.png', total: 15, cached: 0 });
    expect(progress.at(-1)).toMatchObject({ stage: 'writing', done: 1 });

    // By hand: the same inputs through the engine.
    const inputs: Float32Array[] = [];
    for (const example of phantomExamples()) {
      const read = await example.read();
      const prepared = read.ok ? await prepareModelInput(read.bytes, base.card) : read;
      if (!prepared.ok) throw new Error(prepared.error);
      inputs.push(prepared.modelInput);
    }
    const byHand = await learnFromExamples(
      base,
      (await extractFeatures(base, inputs, { batchSize: 1 })).map((f, i) => ({ key: `k${i}`, features: f, labels: { icm: GRADES[i % 3]! }, source: 'sheet.csv' })),
      { folds: 3, seed: 2, date: DATE },
    );
    expect(first.learned.modelHash).toBe(byHand.modelHash);

    const reads: string[] = [];
    const second = await runLearnJob(base, phantomExamples(reads), { folds: 3, seed: 2, date: DATE, featureCache: cache });
    expect(second.features).toEqual({ computed: 0, cached: 15 });
    expect(reads).toEqual([]);
    expect(cache.puts).toBe(15);
    // The graph and its weights byte for byte (the card differs only in how long each took).
    for (const [name, bytes] of Object.entries(first.learned.files)) {
      if (name !== 'grading.json') expect(Buffer.compare(Buffer.from(bytes), Buffer.from(second.learned.files[name]!)), name).toBe(0);
    }
    expect({ ...second.learned.report, seconds: null }).toEqual({ ...first.learned.report, seconds: null });
  }, 300_000);

  it('with a preparer that works ahead and answers out of order: the same package, the same images left out, said in order', async () => {
    const examples = phantomExamples([], 18);
    examples[5] = { ...examples[5]!, read: async () => ({ ok: true, bytes: new TextEncoder().encode('not an image') }) };
    const here = inRealmPreparer(base.card);
    let inFlight = 0;
    let most = 0;
    // Real preparing, each image held back a different time, so later images finish first.
    const ahead: ImagePreparer = {
      concurrency: 4,
      async prepare(bytes, options) {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, (bytes.length * 7919) % 40));
        try {
          return await here.prepare(bytes, options);
        } finally {
          inFlight--;
        }
      },
    };
    const unusable = (progress: LearnJobProgress[]) => progress.filter((p) => p.stage === 'features' && (p.unusable || p.done === 6));
    const seen: LearnJobProgress[][] = [[], []];
    const [one, four] = await Promise.all([undefined, ahead].map((preparer, k) => runLearnJob(base, examples, { folds: 3, seed: 2, date: DATE, preparer, onProgress: (p) => seen[k]!.push(p) })));
    expect(most).toBe(4);
    expect(four.skipped).toEqual(one.skipped);
    expect(four.skipped.map((s) => s.name)).toEqual(['p5.png']);
    expect(unusable(seen[1]!)).toEqual(unusable(seen[0]!));
    for (const [name, bytes] of Object.entries(one.learned.files)) {
      if (name !== 'grading.json') expect(Buffer.compare(Buffer.from(bytes), Buffer.from(four.learned.files[name]!)), name).toBe(0);
    }
  }, 300_000);

  it('refuses too few examples of a class, or a run above the memory ceiling, before reading any image', async () => {
    const reads: string[] = [];
    const few = phantomExamples(reads).slice(0, 7);
    await expect(runLearnJob(base, few, { folds: 3 })).rejects.toThrow(/ICM needs at least 5 examples of each class/i);
    await expect(runLearnJob(base, phantomExamples(reads), { folds: 3, memoryLimitBytes: 1024 })).rejects.toThrow(/Training would need about \d+ MB of memory \(15 examples × \d+ features/);
    expect(reads).toEqual([]);
  });

  it('leaves out every image it cannot read or decode, names each with why, and learns from the rest; the card says so; then too few left is refused naming them', async () => {
    const cache = memoryCache();
    // 18 phantoms (ICM A/B/C six each); p1 (B) cannot be read, p5 (C) is not an image.
    const examples = phantomExamples([], 18);
    examples[1] = { ...examples[1]!, read: async () => ({ ok: false, error: 'file not found' }) };
    examples[5] = { ...examples[5]!, read: async () => ({ ok: true, bytes: new TextEncoder().encode('not an image') }) };
    const progress: LearnJobProgress[] = [];
    const job = await runLearnJob(base, examples, { folds: 3, seed: 2, date: DATE, featureCache: cache, onProgress: (p) => progress.push(p) });
    // Each is said as it happens.
    expect(progress.filter((p) => p.stage === 'features' && p.unusable)).toEqual([
      { stage: 'features', done: 1, total: 18, cached: 0, item: 'p1.png', unusable: 'file not found' },
      { stage: 'features', done: 5, total: 18, cached: 0, item: 'p5.png', unusable: job.skipped[1]!.error },
    ]);
    expect(job.skipped).toEqual([{ name: 'p1.png', error: 'file not found' }, { name: 'p5.png', error: expect.stringMatching(/\S/) }]);
    expect(job.features).toEqual({ computed: 16, cached: 0 });
    expect(cache.size()).toBe(16);
    const { report, card } = job.learned;
    expect(report.examples).toBe(16);
    expect(report.skippedImages).toEqual(job.skipped);
    expect(report.perLabel[0]).toMatchObject({ label: 'icm', classCounts: { A: 6, B: 5, C: 5 } });
    expect(card.learning!.examples).toBe(16);
    expect(card.learning!.validation.skippedImages).toEqual(job.skipped);
    expect(card.intendedUse).toMatch(/^Heads re-fitted on 16 of this lab's own labelled images \(icm\) on top of .* \(2 more labelled images could not be read, decoded or located and were left out\);/);

    // The same weights as a job given only the 16 usable images (all read back from the cache).
    const alone = await runLearnJob(base, examples.filter((_, i) => i !== 1 && i !== 5), { folds: 3, seed: 2, date: DATE, featureCache: cache });
    expect(alone.skipped).toEqual([]);
    expect(alone.features).toEqual({ computed: 0, cached: 16 });
    expect(alone.learned.card.intendedUse).not.toMatch(/left out/);
    expect(Buffer.compare(Buffer.from(alone.learned.files['group1-shard1of1.bin']!), Buffer.from(job.learned.files['group1-shard1of1.bin']!))).toBe(0);

    // 15 phantoms, five per class: leaving out p1 leaves ICM "B" four; refused, naming p1 and the class.
    const few = phantomExamples();
    few[1] = { ...few[1]!, read: async () => ({ ok: false, error: 'file not found' }) };
    const refused = await runLearnJob(base, few, { folds: 3, featureCache: cache }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooFewUsableError);
    expect(refused).toBeInstanceOf(LearnError);
    expect((refused as TooFewUsableError).images).toEqual([{ name: 'p1.png', error: 'file not found' }]);
    expect((refused as Error).message).toMatch(/^1 labelled image could not be used and was left out \(p1\.png: file not found\); with the rest: Icm needs at least 5 examples of each class for 3-fold cross-validation: "B" has 4 \(1 more needed\)\.$/);
  }, 300_000);

  it('strict: names every image it could not use and learns nothing; after the first, no more features are taken', async () => {
    const cache = memoryCache();
    const examples = phantomExamples();
    examples[1] = { ...examples[1]!, read: async () => ({ ok: false, error: 'file not found' }) };
    examples[4] = { ...examples[4]!, read: async () => ({ ok: true, bytes: new TextEncoder().encode('not an image') }) };
    const refused = runLearnJob(base, examples, { folds: 3, featureCache: cache, strict: true });
    await expect(refused).rejects.toBeInstanceOf(UnusableImagesError);
    const error = (await refused.catch((e: unknown) => e)) as UnusableImagesError;
    expect(error).toBeInstanceOf(LearnError);
    expect(error.images.map((i) => i.name)).toEqual(['p1.png', 'p4.png']);
    expect(error.message).toMatch(/^p1\.png: file not found; p4\.png: /);
    expect(cache.size()).toBe(1); // p0 only
  });

  it('stops with an AbortError when cancelled', async () => {
    const controller = new AbortController();
    const job = runLearnJob(base, phantomExamples(), { folds: 3, signal: controller.signal, onProgress: (p) => p.stage === 'features' && p.done === 2 && controller.abort() });
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, prepareModelInput, type LoadedModelPackage } from '../inference/headless';
import { phantomPng, renderPhantom, type CellGrade } from '../phantom';
import { runLearnJob, UnusableImagesError, type FeatureCache, type LearnJobExample, type LearnJobProgress } from './learn-job';
import { extractFeatures } from './train/extract-features';
import { learnFromExamples } from './train/learn';
import { LearnError } from './train/types';

const DEFAULT_MODEL = new URL('../../../public/models/default/', import.meta.url).pathname;
const GRADES: CellGrade[] = ['A', 'B', 'C'];
const DATE = new Date('2026-12-01T12:00:00Z');

/** 15 phantoms, ICM A/B/C five each; `reads` counts the images the job read. */
function phantomExamples(reads: string[] = []): LearnJobExample[] {
  return Array.from({ length: 15 }, (_, i) => {
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
    async get(modelHash, examples) {
      return new Map(examples.flatMap((e) => (kept.has(`${modelHash}/${e.key}`) ? [[e.key, kept.get(`${modelHash}/${e.key}`)!] as const] : [])));
    },
    async put(modelHash, example, features) {
      this.puts++;
      kept.set(`${modelHash}/${example.key}`, features);
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

  it('refuses too few examples of a class, or a run above the memory ceiling, before reading any image', async () => {
    const reads: string[] = [];
    const few = phantomExamples(reads).slice(0, 7);
    await expect(runLearnJob(base, few, { folds: 3 })).rejects.toThrow(/ICM needs at least 5 examples of each class/i);
    await expect(runLearnJob(base, phantomExamples(reads), { folds: 3, memoryLimitBytes: 1024 })).rejects.toThrow(/Training would need about \d+ MB of memory \(15 examples × \d+ features/);
    expect(reads).toEqual([]);
  });

  it('names every image it could not use and learns nothing; after the first, no more features are taken', async () => {
    const cache = memoryCache();
    const examples = phantomExamples();
    examples[1] = { ...examples[1]!, read: async () => ({ ok: false, error: 'file not found' }) };
    examples[4] = { ...examples[4]!, read: async () => ({ ok: true, bytes: new TextEncoder().encode('not an image') }) };
    const refused = runLearnJob(base, examples, { folds: 3, featureCache: cache });
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

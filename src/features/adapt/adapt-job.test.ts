import { beforeAll, describe, expect, it } from 'vitest';
import { phantomPng, renderPhantom } from '../phantom';
import { loadModelPackage, type LoadedModelPackage, memorySource } from '../inference/headless';
import { startNodeBackend } from '../inference/testing';
import { AdaptError } from './conv-chain';
import { adaptableLayers, runAdaptJob, sourceStatisticsKey, type AdaptJobImage, type AdaptJobProgress, type SourceStatistics } from './adapt-job';
import { DEFAULT_PHANTOM_SEED } from './defaults';
import { foldedGraphPackage } from './testing/folded-graph';

/** A "lab" of small phantom micrographs, read on demand, and a count of reads. */
function lab(n: number) {
  const pngs = Array.from({ length: n }, (_, i) => phantomPng(renderPhantom({ seed: `adapt-job/${i}`, nuisance: 'high', width: 200, height: 150 })));
  const reads: string[] = [];
  const images: AdaptJobImage[] = pngs.map((png, i) => ({
    name: `lab-${i}.png`,
    read: async () => {
      reads.push(`lab-${i}.png`);
      return { ok: true, bytes: png };
    },
  }));
  return { images, reads };
}

const abortError = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

describe('runAdaptJob', () => {
  let base: LoadedModelPackage;
  beforeAll(async () => {
    await startNodeBackend('wasm');
    base = await foldedGraphPackage('float16');
  });

  it('prepares the images, adapts and returns a package that loads, with progress that only grows to 1', async () => {
    const { images } = lab(9);
    const notAnImage: AdaptJobImage = { name: 'notes.txt', read: async () => ({ ok: true, bytes: new TextEncoder().encode('not an image') }) };
    const unreadable: AdaptJobImage = { name: 'gone.png', read: async () => ({ ok: false, error: 'file not found' }) };
    const progress: AdaptJobProgress[] = [];
    const job = await runAdaptJob(base, [...images, notAnImage, unreadable], { layers: 'all', phantoms: 8, id: 'lab', onProgress: (p) => progress.push(p) });
    expect(job.images.given).toBe(11);
    expect(job.images.used).toBe(9);
    expect(job.images.failed.map((f) => f.name)).toEqual(['notes.txt', 'gone.png']);
    expect(job.images.failed[1]!.error).toBe('file not found');
    expect(job.sourceImages).toBe(8);
    expect(job.adapted.card.adaptation).toMatchObject({ images: 9, layers: ['conv1/Relu', 'conv2/Relu'] });
    const files = Object.fromEntries(Object.entries(job.adapted.files).map(([name, bytes]) => [name, bytes.slice().buffer]));
    expect((await loadModelPackage(memorySource(files, 'adapted'))).card.id).toBe('lab');

    const fractions = progress.map((p) => p.fraction);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fractions.at(-1)).toBeCloseTo(1, 6);
    expect([...new Set(progress.map((p) => p.stage))]).toEqual(['prepare', 'phantoms', 'source', 'target']);
    expect(progress.filter((p) => p.stage === 'target' && p.done === p.of).map((p) => `${p.layer}/${p.layers} ${p.item}`)).toEqual(['1/2 conv1/Relu', '2/2 conv2/Relu']);
  }, 120_000);

  it('keeps the source statistics in a cache: a second job renders no phantom and writes the same package', async () => {
    const { images } = lab(9);
    const kept = new Map<string, SourceStatistics>();
    const cache = { get: async (key: string) => kept.get(key) ?? null, put: async (key: string, value: SourceStatistics) => void kept.set(key, value) };
    const date = new Date('2026-11-29T12:00:00Z');
    const first = await runAdaptJob(base, images, { phantoms: 8, date, sourceCache: cache });
    expect(first.sourceFrom).not.toBe('cache');
    expect([...kept.keys()]).toEqual([sourceStatisticsKey(base, DEFAULT_PHANTOM_SEED, 8, 2)]);
    const stages: string[] = [];
    const second = await runAdaptJob(base, images, { phantoms: 8, date, sourceCache: cache, onProgress: (p) => stages.push(p.stage) });
    expect(second.sourceFrom).toBe('cache');
    expect(second.sourceImages).toBe(first.sourceImages);
    expect(stages).not.toContain('phantoms');
    expect(second.adapted.files).toEqual(first.adapted.files);
    // Without a cache the job measures the same statistics itself.
    const uncached = await runAdaptJob(base, images, { phantoms: 8, date });
    expect(uncached.adapted.files).toEqual(first.adapted.files);
    // Another seed is another source.
    const other = await runAdaptJob(base, images, { phantoms: 8, seed: 'other', date, sourceCache: cache });
    expect(other.sourceFrom).not.toBe('cache');
    expect(kept.size).toBe(2);
  }, 180_000);

  it('stops with an AbortError when cancelled, at whatever stage it is, and reads nothing more', async () => {
    const { images, reads } = lab(9);
    const before = new AbortController();
    before.abort();
    await expect(runAdaptJob(base, images, { phantoms: 8, signal: before.signal })).rejects.toSatisfy(abortError);
    expect(reads).toEqual([]);

    // Cancelled while the source phantoms are being prepared.
    const during = new AbortController();
    const seen: AdaptJobProgress[] = [];
    const onProgress = (p: AdaptJobProgress) => {
      seen.push(p);
      if (p.stage === 'phantoms' && p.done === 2) during.abort();
    };
    await expect(runAdaptJob(base, images, { phantoms: 8, signal: during.signal, onProgress })).rejects.toSatisfy(abortError);
    expect(seen.at(-1)).toMatchObject({ stage: 'phantoms', done: 2 });
    expect(reads).toHaveLength(9);

    // Cancelled inside the adaptation itself (measuring the target images).
    const late = new AbortController();
    const stages: string[] = [];
    await expect(
      runAdaptJob(base, images, {
        layers: 'all',
        phantoms: 8,
        signal: late.signal,
        onProgress: (p) => {
          stages.push(p.stage);
          if (p.stage === 'target') late.abort();
        },
      }),
    ).rejects.toSatisfy(abortError);
    expect(stages.filter((s) => s === 'target')).toHaveLength(1);
  }, 120_000);

  it('refuses too few located images, a layer count the model lacks and an already adapted model', async () => {
    const { images } = lab(3);
    await expect(runAdaptJob(base, images, { phantoms: 8 })).rejects.toThrow(/only 3 of 3 images had an embryo located; adaptation needs at least 8/);
    expect(() => adaptableLayers(base, 3)).toThrow(new AdaptError("--layers must be between 1 and 2 (the model's convolutions), not 3"));
    expect(adaptableLayers(base, 'all')).toBe(2);
    const adapted = { ...base, card: { ...base.card, adaptation: { method: 'adabn-folded' as const, baseModel: { id: 'b', version: '1', hash: 'h' }, images: 9, layers: ['x'], date: '2026-11-29' } } };
    expect(() => adaptableLayers(adapted)).toThrow(/already adapted \(from b 1\); adapt its base model instead/);
  }, 60_000);
});

describe('runAdaptJob on a model trained on several phantom styles', () => {
  let base: LoadedModelPackage;
  beforeAll(async () => {
    await startNodeBackend('wasm');
    base = await foldedGraphPackage('float16');
  });

  it('renders its source phantoms in every style of the card, keeps them under their own key and says so', async () => {
    const { images } = lab(9);
    const mixed: LoadedModelPackage = { ...base, card: { ...base.card, training: { ...base.card.training, phantomStyles: ['default', 'clinic'] } } };
    // A card without the field keeps the key it always had.
    expect(sourceStatisticsKey(base, 's', 8, 2)).toBe(`${base.modelHash}/s/8/2`);
    expect(sourceStatisticsKey(mixed, 's', 8, 2)).toBe(`${base.modelHash}/s/8/2/styles=default+clinic`);

    const kept = new Map<string, SourceStatistics>();
    const cache = { get: async (key: string) => kept.get(key) ?? null, put: async (key: string, value: SourceStatistics) => void kept.set(key, value) };
    const date = new Date('2026-11-29T12:00:00Z');
    const plain = await runAdaptJob(base, images, { phantoms: 8, date, sourceCache: cache });
    const mix = await runAdaptJob(mixed, images, { phantoms: 8, date, sourceCache: cache });
    // The default-style entry already cached is not reused for the mixed model.
    expect(mix.sourceFrom).not.toBe('cache');
    expect(kept.size).toBe(2);
    expect(plain.adapted.card.adaptation?.sourceStats).toBe(`8 phantoms, seed ${DEFAULT_PHANTOM_SEED}, nuisance none/default/high in turn, prepared like the images`);
    expect(mix.adapted.card.adaptation?.sourceStats).toBe(`8 phantoms, seed ${DEFAULT_PHANTOM_SEED}, default/clinic style in turn, each with nuisance none/default/high in turn, prepared like the images`);
    // Half the phantoms are clinic-style: the first layer sees other statistics, so other weights come out.
    const plainStats = kept.get(sourceStatisticsKey(base, DEFAULT_PHANTOM_SEED, 8, 2))!.stats[0]!;
    const mixStats = kept.get(sourceStatisticsKey(mixed, DEFAULT_PHANTOM_SEED, 8, 2))!.stats[0]!;
    expect(Array.from(mixStats.mean)).not.toEqual(Array.from(plainStats.mean));
    const shard = (job: typeof plain) => Object.entries(job.adapted.files).find(([name]) => name.endsWith('.bin'))![1];
    expect(shard(mix)).not.toEqual(shard(plain));
  }, 180_000);
});

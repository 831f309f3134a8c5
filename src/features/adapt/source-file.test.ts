import { beforeAll, describe, expect, it, vi } from 'vitest';
import { phantomPng, renderPhantom } from '../phantom';
import { ModelPackageError, type ModelAdaptationSource } from '../inference';
import { loadModelPackage, type LoadedModelPackage, memorySource, sha256Hex } from '../inference/headless';
import { startNodeBackend } from '../inference/testing';
import { measureSourceStatistics, runAdaptJob, type AdaptJobImage, type AdaptJobProgress, type SourceStatistics } from './adapt-job';
import { DEFAULT_PHANTOM_SEED } from './defaults';
import { foldedGraphPackage } from './testing/folded-graph';
import { ADAPTATION_SOURCE_FILE, shippedSource, sourceMeasurement, writeAdaptationSource, type SourceMeasurement } from './source-file';

const PHANTOMS = 8;
const date = new Date('2026-11-29T12:00:00Z');
const lab: AdaptJobImage[] = Array.from({ length: 9 }, (_, i) => {
  const png = phantomPng(renderPhantom({ seed: `source-file/${i}`, nuisance: 'high', width: 200, height: 150 }));
  return { name: `lab-${i}.png`, read: async () => ({ ok: true as const, bytes: png }) };
});
const buffer = (bytes: Uint8Array) => bytes.slice().buffer as ArrayBuffer;

/** The base package with a statistics file in it and the card naming it, loaded as any package is. */
async function shipping(base: LoadedModelPackage, bytes: Uint8Array, entry: ModelAdaptationSource): Promise<LoadedModelPackage> {
  const card = { ...base.card, adaptationSource: entry };
  const files = { ...base.files, 'grading.json': buffer(new TextEncoder().encode(JSON.stringify(card))), [entry.file]: buffer(bytes) };
  return loadModelPackage(memorySource(files, 'shipping'));
}

describe('source statistics shipped in a package', () => {
  let base: LoadedModelPackage;
  let measured: SourceStatistics;
  let measurement: SourceMeasurement;
  let withSource: LoadedModelPackage;
  beforeAll(async () => {
    await startNodeBackend('wasm');
    base = await foldedGraphPackage('float16');
    // Every convolution (2), as adapt-source writes them.
    measured = await measureSourceStatistics(base, { seed: DEFAULT_PHANTOM_SEED, phantoms: PHANTOMS, layers: 2 });
    measurement = sourceMeasurement(base, DEFAULT_PHANTOM_SEED, PHANTOMS, measured);
    const { bytes, entry } = await writeAdaptationSource(measurement, sha256Hex);
    withSource = await shipping(base, bytes, entry);
  }, 120_000);

  it('records the weights, seed, styles and nodes, and reads back exactly what was measured', async () => {
    const { bytes, entry } = await writeAdaptationSource(measurement, sha256Hex);
    expect(entry).toEqual({ file: ADAPTATION_SOURCE_FILE, sha256: await sha256Hex(bytes), seed: DEFAULT_PHANTOM_SEED, phantoms: PHANTOMS, images: measured.images, styles: ['default'], layers: 2 });
    expect(JSON.parse(new TextDecoder().decode(bytes))).toMatchObject({ modelHash: base.modelHash, layers: [{ node: 'conv1/Relu' }, { node: 'conv2/Relu' }] });
    const read = shippedSource(withSource.card, withSource.files, { modelHash: base.modelHash, seed: DEFAULT_PHANTOM_SEED, phantoms: PHANTOMS, styles: ['default'], nodes: ['conv1/Relu', 'conv2/Relu'], layers: 2 });
    expect(read).toEqual({ use: measured });
  });

  it('adapts from the package without rendering a phantom, to the same bytes as rendering, for any layer count (a prefix)', async () => {
    for (const layers of [1, 2]) {
      const progress: AdaptJobProgress[] = [];
      const shipped = await runAdaptJob(withSource, lab, { layers, phantoms: PHANTOMS, date, id: 'lab', onProgress: (p) => progress.push(p) });
      const rendered = await runAdaptJob(base, lab, { layers, phantoms: PHANTOMS, date, id: 'lab' });
      expect(shipped.sourceFrom).toBe('package');
      expect(shipped.sourceFrom).not.toBe('cache');
      expect(rendered.sourceFrom).toBe('rendered');
      expect(progress.map((p) => p.stage)).not.toContain('phantoms');
      expect(progress.map((p) => p.stage)).not.toContain('source');
      const fractions = progress.map((p) => p.fraction);
      expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
      expect(fractions.at(-1)).toBeCloseTo(1, 6);
      expect(shipped.sourceImages).toBe(rendered.sourceImages);
      expect(shipped.adapted.files).toEqual(rendered.adapted.files);
      // The adapted package carries neither the file nor the card entry: it is not adaptable.
      expect(shipped.adapted.card.adaptationSource).toBeUndefined();
      expect(Object.keys(shipped.adapted.files)).not.toContain(ADAPTATION_SOURCE_FILE);
    }
  }, 180_000);

  it('prefers the package to the host cache', async () => {
    const cache = { get: vi.fn(async () => null), put: vi.fn(async () => undefined) };
    const job = await runAdaptJob(withSource, lab, { phantoms: PHANTOMS, date, sourceCache: cache });
    expect(job.sourceFrom).toBe('package');
    expect(cache.get).not.toHaveBeenCalled();
    expect(cache.put).not.toHaveBeenCalled();
  }, 60_000);

  it('ignores, with a note, a file measured on other weights, or for another phantom count or seed, and renders instead', async () => {
    const { bytes, entry } = await writeAdaptationSource({ ...measurement, modelHash: 'f'.repeat(64) }, sha256Hex);
    const stale = await shipping(base, bytes, entry);
    const notes: string[] = [];
    const job = await runAdaptJob(stale, lab, { phantoms: PHANTOMS, date, id: 'lab', onNote: (n) => notes.push(n) });
    expect(job.sourceFrom).toBe('rendered');
    expect(job.sourceNote).toMatch(/not used: adaptation-source\.json was measured on other weights \(model hash ffffffffffff…/);
    expect(notes).toEqual([job.sourceNote]);
    const rendered = await runAdaptJob(base, lab, { phantoms: PHANTOMS, date, id: 'lab' });
    expect(job.adapted.files).toEqual(rendered.adapted.files);

    // Without onNote the note goes to the console, and the adaptation still succeeds.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const other = await runAdaptJob(withSource, lab, { phantoms: 9, date });
      expect(other.sourceFrom).toBe('rendered');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/holds 8 phantoms of seed 20261129; 9 of seed 20261129 were asked for/));
    } finally {
      warn.mockRestore();
    }
    const wanted = { modelHash: base.modelHash, seed: 'other', phantoms: PHANTOMS, styles: ['default'], nodes: ['conv1/Relu', 'conv2/Relu'], layers: 1 };
    expect(shippedSource(withSource.card, withSource.files, wanted)).toEqual({ ignore: expect.stringMatching(/of seed 20261129; 8 of seed other/) });
    expect(shippedSource(withSource.card, withSource.files, { ...wanted, seed: DEFAULT_PHANTOM_SEED, styles: ['default', 'clinic'] })).toEqual({ ignore: expect.stringMatching(/training styles are default\+clinic/) });
    expect(shippedSource(withSource.card, withSource.files, { ...wanted, seed: DEFAULT_PHANTOM_SEED, nodes: ['other', 'conv2/Relu'] })).toEqual({ ignore: expect.stringMatching(/layer 1 is conv1\/Relu, the model's is other/) });
    expect(shippedSource(base.card, base.files, wanted)).toBeNull();
  }, 180_000);

  it('refuses to load a package whose file does not match the sha256 on its card; one without the file loads and renders', async () => {
    const { bytes, entry } = await writeAdaptationSource(measurement, sha256Hex);
    const altered = bytes.slice();
    altered[altered.length - 3] = 0x20;
    const load = (files: Record<string, ArrayBuffer>) => loadModelPackage(memorySource(files, 'pkg'));
    const card = buffer(new TextEncoder().encode(JSON.stringify({ ...base.card, adaptationSource: entry })));
    await expect(load({ ...base.files, 'grading.json': card, [entry.file]: buffer(altered) })).rejects.toSatisfy(
      (e) => e instanceof ModelPackageError && e.code === 'adaptation-source-corrupted' && /adaptation source statistics "adaptation-source\.json" is corrupted: its sha256 is/.test(e.message),
    );
    // Grading never needs the file: a package that lost it (a copy of the card with the shards only) still loads.
    const without = await load({ ...base.files, 'grading.json': card });
    expect(Object.keys(without.files)).not.toContain(entry.file);
    const notes: string[] = [];
    const job = await runAdaptJob(without, lab, { phantoms: PHANTOMS, date, onNote: (n) => notes.push(n) });
    expect(job.sourceFrom).toBe('rendered');
    expect(notes).toEqual(["the package's source statistics are not used: adaptation-source.json is not among the package's files"]);
    const clash = buffer(new TextEncoder().encode(JSON.stringify({ ...base.card, adaptationSource: { ...entry, file: 'model.json' } })));
    await expect(load({ ...base.files, 'grading.json': clash })).rejects.toThrow(/adaptationSource\.file "model\.json" names another file of the package/);
  }, 60_000);
});

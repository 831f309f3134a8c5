import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, prepareModelInput, type LoadedModelPackage } from '../features/inference/headless';
import { phantomPng, renderPhantom } from '../features/phantom';
import { extractFeatures, releaseFeatureGraph, runHeadFitTask, type DenseHead, type HeadFitTask } from '../features/learner/headless';
import { DEFAULT_MODEL_DIR } from './default-model';
import { learnWorkerPool, type LearnWorkerPool } from './learn-worker-pool';

// Features where class follows the first two features, with noise from a fixed sequence.
const n = 90;
const d = 12;
const features = Array.from({ length: n }, (_v, i) => Float32Array.from({ length: d }, (_w, j) => Math.sin(i * 1.7 + j * 2.3) + (j < 2 ? (i % 3) * 0.8 : 0)));
const grades = features.map((_f, i) => i % 3);
const outcomes = features.map((_f, i) => (i % 3 === 2 ? 1 : 0) as 0 | 1);
const base: DenseHead = {
  layers: [
    { inputs: d, units: 4, relu: true, kernel: Float32Array.from({ length: d * 4 }, (_v, k) => Math.cos(k) * 0.3), bias: new Float32Array(4) },
    { inputs: 4, units: 3, relu: false, kernel: Float32Array.from({ length: 12 }, (_v, k) => Math.sin(k) * 0.3), bias: new Float32Array(3) },
  ],
};

describe('learnWorkerPool', () => {
  let pool: LearnWorkerPool;
  let model: LoadedModelPackage;
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    model = await loadModelPackage(folderSource(DEFAULT_MODEL_DIR));
    pool = learnWorkerPool(2, { backend: 'wasm', modelDir: DEFAULT_MODEL_DIR, modelHash: model.modelHash });
  });
  afterAll(async () => {
    await pool.close();
    await releaseFeatureGraph(model);
  });

  it('fits on worker threads the very heads an in-process fit gives, each task its own, in the order asked', { timeout: 120_000 }, async () => {
    const tasks: HeadFitTask[] = [
      { kind: 'grade', base, features, targets: grades },
      { kind: 'outcome', features, targets: outcomes },
      { kind: 'grade', base, features: features.slice(0, 60), targets: grades.slice(0, 60) },
    ];
    const fromWorkers = await Promise.all(tasks.map((t) => pool.fitter.fit(t)));
    const here = tasks.map((t) => runHeadFitTask(t));
    expect(fromWorkers).toEqual(here);
    // The fits did something: the grade head moved from its start.
    expect(fromWorkers[0]!.layers[0]!.kernel).not.toEqual(base.layers[0]!.kernel);
  });

  it('runs trunk batches on worker threads, one per worker and one queued, giving the features taken here', { timeout: 180_000 }, async () => {
    const [h, w] = model.card.input.size;
    const size = h * w * model.card.input.channels;
    const inputs = Array.from({ length: 3 }, (_v, i) => Float32Array.from({ length: size }, (_x, k) => Math.sin(k * 0.01 + i)));
    expect(pool.trunk.concurrency).toBe(3);
    const fromWorkers = await Promise.all([pool.trunk.features(inputs.slice(0, 2)), pool.trunk.features(inputs.slice(2))]);
    const here = await extractFeatures(model, inputs, { batchSize: 2 });
    expect(fromWorkers.flat()).toEqual(here);
  });

  it('prepares images on worker threads as they are prepared here, at a known crop too; an image it cannot prepare gives the same reason', { timeout: 180_000 }, async () => {
    const png = phantomPng(renderPhantom({ seed: 'pool/prepare', grades: { expansion: 4, icm: 'A', te: 'B' }, nuisance: 'none', width: 320, height: 240 }));
    const crop = { x: 60, y: 30, size: 180 };
    const notAnImage = new TextEncoder().encode('not an image');
    expect(pool.preparer.concurrency).toBe(3);
    // A view into a larger buffer, as a file read may be: only its own bytes are sent.
    const padded = new Uint8Array(png.length + 16);
    padded.set(png, 8);
    const fromWorkers = await Promise.all([
      pool.preparer.prepare(padded.subarray(8, 8 + png.length), {}),
      pool.preparer.prepare(png.slice(), { manualCrop: crop }),
      pool.preparer.prepare(notAnImage.slice(), {}),
    ]);
    const here = await Promise.all([prepareModelInput(png, model.card), prepareModelInput(png, model.card, { manualCrop: crop }), prepareModelInput(notAnImage, model.card)]);
    for (const [i, prepared] of fromWorkers.entries()) {
      const expected = here[i]!;
      if (expected.ok) expect(prepared).toEqual({ ok: true, modelInput: expected.modelInput });
      else expect(prepared).toEqual({ ok: false, error: expected.error });
    }
    expect(fromWorkers.map((p) => p.ok)).toEqual([true, true, false]);
    // The crop was used: the two inputs differ.
    expect(fromWorkers[0]).not.toEqual(fromWorkers[1]);
  });

  it('refuses trunk work when the model folder holds another package than the job loaded', { timeout: 120_000 }, async () => {
    const other = learnWorkerPool(1, { backend: 'wasm', modelDir: DEFAULT_MODEL_DIR, modelHash: 'not-this-one' });
    try {
      await expect(other.trunk.features([new Float32Array(model.card.input.size[0] * model.card.input.size[1] * model.card.input.channels)])).rejects.toThrow(/changed while learning/);
    } finally {
      await other.close();
    }
  });

  it('stops waiting when the job is cancelled', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const fit = pool.fitter.fit({ kind: 'outcome', features, targets: outcomes }, controller.signal);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(fit).rejects.toThrow('stop');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, nodeWasmDir } from '../features/inference/headless';
import { runHeadFitTask, type DenseHead, type HeadFitTask } from '../features/learner/headless';
import { workerHeadFitter, type WorkerHeadFitter } from './learn-worker-pool';

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

describe('workerHeadFitter', () => {
  let pool: WorkerHeadFitter;
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    pool = workerHeadFitter(2, 'wasm');
  });
  afterAll(() => pool.close());

  it('fits on worker threads the very heads an in-process fit gives, each task its own, in the order asked', { timeout: 120_000 }, async () => {
    const tasks: HeadFitTask[] = [
      { kind: 'grade', base, features, targets: grades },
      { kind: 'outcome', features, targets: outcomes },
      { kind: 'grade', base, features: features.slice(0, 60), targets: grades.slice(0, 60) },
    ];
    const fromWorkers = await Promise.all(tasks.map((t) => pool.fit(t)));
    const here = tasks.map((t) => runHeadFitTask(t));
    expect(fromWorkers).toEqual(here);
    // The fits did something: the grade head moved from its start.
    expect(fromWorkers[0]!.layers[0]!.kernel).not.toEqual(base.layers[0]!.kernel);
  });

  it('stops waiting when the job is cancelled', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const fit = pool.fit({ kind: 'outcome', features, targets: outcomes }, controller.signal);
    controller.abort(new DOMException('stop', 'AbortError'));
    await expect(fit).rejects.toThrow('stop');
  });
});

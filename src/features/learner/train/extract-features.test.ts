import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, type LoadedModelPackage } from '../../inference/headless';
import { featureNodeForHeads } from './base-heads';
import { extractFeatures, releaseFeatureGraph } from './extract-features';

const DEFAULT_MODEL = new URL('../../../../public/models/default/', import.meta.url).pathname;
const input = (seed: number) => Float32Array.from({ length: 128 * 128 * 3 }, (_, i) => Math.sin(i * 0.01 + seed) * 1.5);

describe('extractFeatures', () => {
  let pkg: LoadedModelPackage;
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    pkg = await loadModelPackage(folderSource(DEFAULT_MODEL));
  });

  it("takes the default model's 128 pooled features at gap, bit for bit the same whatever the batch size", async () => {
    expect(featureNodeForHeads(pkg)).toBe('gap');
    const inputs = [input(1), input(2), input(3)];
    const progress: number[] = [];
    const batched = await extractFeatures(pkg, inputs, { batchSize: 2, onProgress: (done) => progress.push(done) });
    const single = await extractFeatures(pkg, [inputs[2]!]);
    expect(progress).toEqual([2, 3]);
    expect(batched.map((f) => f.length)).toEqual([128, 128, 128]);
    // takeFeatures runs up to 8 images per execute: the features (so the cache and the package)
    // must not depend on which images share a batch.
    expect(batched[2]).toEqual(single[0]);
    const eight = await extractFeatures(pkg, Array.from({ length: 8 }, (_, i) => input(i)), { batchSize: 8 });
    const ones = await extractFeatures(pkg, Array.from({ length: 8 }, (_, i) => input(i)), { batchSize: 1 });
    expect(eight).toEqual(ones);
    expect(batched[0]).not.toEqual(batched[1]);
    await releaseFeatureGraph(pkg);
  });

  it('refuses an input of the wrong size and stops when aborted', async () => {
    await expect(extractFeatures(pkg, [new Float32Array(10)])).rejects.toThrow(/needs 128x128x3/);
    const controller = new AbortController();
    controller.abort();
    await expect(extractFeatures(pkg, [input(1)], { signal: controller.signal })).rejects.toThrow();
  });
});

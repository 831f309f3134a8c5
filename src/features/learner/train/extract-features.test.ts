import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, folderSource, loadModelPackage, nodeWasmDir, orientationViews, type LoadedModelPackage } from '../../inference/headless';
import { featureLayout, featureNodeForHeads } from './base-heads';
import { extractFeatures, releaseFeatureGraph } from './extract-features';

const DEFAULT_MODEL = new URL('../../../../public/models/default/', import.meta.url).pathname;
const input = (seed: number) => Float32Array.from({ length: 128 * 128 * 3 }, (_, i) => Math.sin(i * 0.01 + seed) * 1.5);

describe('extractFeatures', () => {
  let pkg: LoadedModelPackage;
  beforeAll(async () => {
    await chooseBackend('wasm', { paths: nodeWasmDir() });
    pkg = await loadModelPackage(folderSource(DEFAULT_MODEL));
  });

  it("takes the default model's blocks 3+4+5 means (64 + 128 + 128, gap last) in one execute, bit for bit the same whatever the batch size", async () => {
    expect(featureNodeForHeads(pkg)).toBe('gap');
    const layout = featureLayout(pkg);
    expect(layout.parts).toEqual([{ node: 'block3_pool', size: 64 }, { node: 'block4_pool', size: 128 }, { node: 'gap', size: 128 }]);
    expect(layout.sets.map((s) => [s.name, s.node, s.from, s.size])).toEqual([['gap', 'gap', 192, 128], ['blocks345-mean', 'multidepth/concat', 0, 320]]);
    expect(layout.cacheTag).toBe('blocks345-mean-views4');
    const inputs = [input(1), input(2), input(3)];
    const progress: number[] = [];
    const batched = await extractFeatures(pkg, inputs, { batchSize: 2, onProgress: (done) => progress.push(done) });
    const single = await extractFeatures(pkg, [inputs[2]!]);
    expect(progress).toEqual([2, 3]);
    expect(batched.map((f) => f.length)).toEqual([320, 320, 320]);
    // takeFeatures runs up to 8 images per execute: the features (so the cache and the package)
    // must not depend on which images share a batch.
    expect(batched[2]).toEqual(single[0]);
    const eight = await extractFeatures(pkg, Array.from({ length: 8 }, (_, i) => input(i)), { batchSize: 8 });
    const ones = await extractFeatures(pkg, Array.from({ length: 8 }, (_, i) => input(i)), { batchSize: 1 });
    expect(eight).toEqual(ones);
    expect(batched[0]).not.toEqual(batched[1]);
    await releaseFeatureGraph(pkg);
  });

  it("takes each image's mean over its 4 learning orientations (the quarter turns: a grade's 1st, 4th, 6th and 7th of 8), not over all 8", async () => {
    const image = input(5);
    const [mean] = await extractFeatures(pkg, [image]);
    const views = await extractFeatures(pkg, orientationViews(image, [128, 128]), { orientations: 'as-given', batchSize: 8 });
    const meanOf = (vs: Float32Array[]) => vs[0]!.map((_v, d) => vs.reduce((s, v) => s + v[d]!, 0) / vs.length);
    const of4 = meanOf([0, 3, 5, 6].map((i) => views[i]!));
    const of8 = meanOf(views);
    const furthest = (a: Float32Array, b: Float32Array) => Math.max(...a.map((v, d) => Math.abs(v - b[d]!)));
    expect(furthest(mean!, of4)).toBeLessThan(1e-4);
    expect(furthest(of4, of8)).toBeGreaterThan(1e-3);
    await releaseFeatureGraph(pkg);
  });

  it('refuses an input of the wrong size and stops when aborted', async () => {
    await expect(extractFeatures(pkg, [new Float32Array(10)])).rejects.toThrow(/needs 128x128x3/);
    const controller = new AbortController();
    controller.abort();
    await expect(extractFeatures(pkg, [input(1)], { signal: controller.signal })).rejects.toThrow();
  });
});
